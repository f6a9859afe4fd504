import {
  ValidationError,
  type Access,
  type CollectionConfig,
  type CollectionSlug,
  type FieldHook,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { districtScope, districtsAbove, hasAnyRole, inScope, isAdmin } from '../access/districtScope'
import { t } from '../fields/label'
import { relationId, type RelationValue } from '../fields/ids'
import type { WordRule } from '../review/contentCheck'
import { walkUpAsync } from '../../shared/districtTree'

/** Admins manage every list (global ones too); district editors the lists of their own districts; writers none. */
// Editors may create; which district a list is for is checked on the field with a message that
// says why (a refusal here showed only 未经授权 in the admin when the form had no district yet).
const createList: Access = ({ req }) => isAdmin(req.user) || hasAnyRole(req.user, 'district-editor')

/** A district editor's list must be for a district they are responsible for (lists for all districts are the admins'). */
const listDistrictInScope: FieldHook = async ({ value, req, collection }) => {
  if (!req.user || isAdmin(req.user)) return value
  if (value && (await inScope(req, value as RelationValue))) return value
  throw new ValidationError({
    collection: collection?.slug,
    errors: [
      {
        path: 'district',
        message:
          '请选择您负责的区域：区域编辑只能管理本区域（及下级区域）的词表，适用于所有区域的词表由系统管理员维护 / Choose one of your districts',
      },
    ],
  })
}
/**
 * Reading: admins every list; district editors the lists that apply to their districts — those for
 * all districts, their own and their districts' ancestors' — never another district's; writers
 * none (they meet the words through the check's messages), nor the public or the site builder.
 */
const readList: Access = async ({ req }) => {
  if (isAdmin(req.user)) return true
  if (!hasAnyRole(req.user, 'district-editor')) return false
  const districts = [...((await districtScope(req)) as string[]), ...(await districtsAbove(req))]
  return { or: [{ district: { exists: false } }, { district: { in: districts } }] }
}

const changeList: Access = async ({ req, data }) => {
  if (isAdmin(req.user)) return true
  if (!hasAnyRole(req.user, 'district-editor')) return false
  if (data && 'district' in data && !(data.district && (await inScope(req, data.district)))) return false
  return { district: { in: (await districtScope(req)) as string[] } }
}

export const WordLists: CollectionConfig = {
  slug: 'word-lists',
  labels: { singular: t('错敏词表', 'Word list'), plural: t('错敏词表', 'Word lists') },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'district', 'enabled', 'updatedAt'],
    group: t('系统', 'System'),
    description: t(
      '提交审核和发布前检查标题、摘要和正文：禁用词阻止发布，慎用词需确认。未选区域的词表适用于所有区域；区域的词表也适用于其下级区域。',
      'Checked in titles, summaries and bodies before submit and publish: forbidden words block, warned words need a confirmation. A list without a district applies everywhere; a district’s list also applies to the districts below it.',
    ),
  },
  access: { read: readList, create: createList, update: changeList, delete: changeList },
  timestamps: true,
  fields: [
    { name: 'name', type: 'text', label: t('名称', 'Name'), required: true },
    {
      name: 'district',
      type: 'relationship',
      relationTo: 'districts',
      label: t('适用区域', 'District'),
      index: true,
      hooks: { beforeChange: [listDistrictInScope] },
      admin: {
        position: 'sidebar',
        description: t('不选则适用于所有区域；选定后也适用于其下级区域', 'Empty = all districts; also applies to the districts below'),
      },
    },
    {
      name: 'enabled',
      type: 'checkbox',
      label: t('启用', 'Enabled'),
      defaultValue: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'words',
      type: 'array',
      label: t('词语', 'Words'),
      labels: { singular: t('词语', 'Word'), plural: t('词语', 'Words') },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'word',
              type: 'text',
              label: t('词语', 'Word'),
              required: true,
              admin: { width: '35%' },
              validate: (value: string | null | undefined) =>
                (typeof value === 'string' && value.trim() !== '') || '请填写词语 / Enter a word',
            },
            {
              name: 'level',
              type: 'select',
              label: t('级别', 'Level'),
              required: true,
              defaultValue: 'forbidden',
              options: [
                { value: 'forbidden', label: t('禁用', 'Forbidden') },
                { value: 'warning', label: t('慎用', 'Use with care') },
              ],
              admin: { width: '20%' },
            },
            {
              name: 'note',
              type: 'text',
              label: t('说明', 'Note'),
              admin: { width: '45%', description: t('如建议改用的说法', 'E.g. the wording to use instead') },
            },
          ],
        },
      ],
    },
  ],
}

const slug = WordLists.slug as CollectionSlug
const districtsSlug = 'districts' as CollectionSlug

type WordListDoc = {
  enabled?: boolean | null
  words?: { word?: string | null; level?: string | null; note?: string | null }[] | null
}

/**
 * The enabled words that apply to a district: those of lists without a
 * district, of the district itself and of every ancestor (via `parent`).
 * With `districtId` null only the lists for all districts apply.
 * Reads with `overrideAccess` (the check runs for whoever saves) and passes
 * `req` through so it joins the caller's transaction.
 */
export async function wordsForDistrict(payload: Payload, districtId: number | string | null, req?: PayloadRequest): Promise<WordRule[]> {
  const start = districtId === undefined || districtId === '' ? null : districtId
  const districtIds = await walkUpAsync<number | string>(start, async (id) => {
    const district = (await payload
      .findByID({ collection: districtsSlug, id, depth: 0, overrideAccess: true, req, disableErrors: true })
      .catch(() => null)) as { parent?: RelationValue } | null
    return district ? relationId(district.parent) : null
  })

  const { docs } = await payload.find({
    collection: slug,
    where: districtIds.length
      ? { or: [{ district: { exists: false } }, { district: { in: districtIds } }] }
      : { district: { exists: false } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })

  const words: WordRule[] = []
  for (const list of docs as unknown as WordListDoc[]) {
    if (list.enabled === false) continue
    for (const entry of list.words ?? []) {
      const word = entry.word?.trim()
      if (!word) continue
      const rule: WordRule = { word, level: entry.level === 'warning' ? 'warning' : 'forbidden' }
      if (entry.note?.trim()) rule.note = entry.note.trim()
      words.push(rule)
    }
  }
  return words
}
