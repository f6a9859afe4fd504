import {
  ValidationError,
  type CollectionAfterChangeHook,
  type CollectionAfterDeleteHook,
  type CollectionBeforeChangeHook,
  type PayloadRequest,
} from 'payload'

import { hasAnyRole, inScope, isAdmin } from '../access/districtScope'
import { actor } from '../fields/actionLog'
import { actorName } from '../fields/actorName'
import { relationId, type RelationValue } from '../fields/ids'
import { storedMainVersion } from '../fields/storedVersion'
import { t } from '../fields/label'

/**
 * Co-publishing (信息报送): a 街道/镇 submits one of its published news items or
 * activities to its parent district's site; the parent's editors accept it or
 * decline it with a reason; the origin may withdraw it. Accepted items are
 * shown on the parent's site, credited to the origin, with the origin's page
 * as their canonical URL. Unpublishing, moving or deleting the item at the
 * origin withdraws it. Every step is logged on the record, like the 三审 chain.
 *
 * States: 待接收 submitted → 已采用 accepted | 不予采用 declined; 已撤回 withdrawn.
 * A declined or withdrawn record may be submitted again; an accepted one may
 * still be declined (taken off the parent's site) or withdrawn.
 */
export const coPublishStates = {
  submitted: t('待接收', 'Awaiting decision'),
  accepted: t('已采用', 'Accepted'),
  declined: t('不予采用', 'Declined'),
  withdrawn: t('已撤回', 'Withdrawn'),
} as const
export type CoPublishState = keyof typeof coPublishStates

/** The collections whose items can be co-published. */
export const coPublishable = ['news', 'activities'] as const
type ItemCollection = (typeof coPublishable)[number]
const isItemCollection = (slug: unknown): slug is ItemCollection => coPublishable.includes(slug as ItemCollection)

/** One record per item: `news:12`. */
export const itemKey = (collection: string, id: number | string) => `${collection}:${id}`

/** Set in req.context (with a reason) when the server withdraws a record because its item changed. */
const systemChange = 'coPublishingSystemChange'

const actions = {
  submit: '报送',
  resubmit: '重新报送',
  accept: '采用',
  decline: '不予采用',
  withdraw: '撤回报送',
  system: '原稿变动，自动撤回',
} as const

// Documents of two collections (news, activities) read loosely: only shared fields are touched.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>

const refuse = (path: string, message: string) => new ValidationError({ collection: 'co-publications', errors: [{ path, message }] })

function itemRef(value: unknown): { collection: ItemCollection; id: number | string } | null {
  const ref = value as { relationTo?: unknown; value?: RelationValue } | null
  const id = relationId(ref?.value)
  return ref && isItemCollection(ref.relationTo) && id !== null ? { collection: ref.relationTo, id } : null
}

const districtName = async (req: PayloadRequest, id: number | string | null) => {
  if (id === null) return ''
  const d = (await req.payload.findByID({
    collection: 'districts',
    id,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
  })) as Doc | null
  return String(d?.name ?? id)
}

/** May this user decide (accept/decline) for the receiving district? Its editors (or editors above it) and admins. */
const mayDecide = async (req: PayloadRequest, target: number | string | null) =>
  isAdmin(req.user) || (hasAnyRole(req.user, 'district-editor') && target !== null && (await inScope(req, target)))

/** May this user act for the origin (submit, withdraw)? Its writers and editors (and those above it) and admins. */
const mayActForOrigin = async (req: PayloadRequest, origin: number | string | null) =>
  isAdmin(req.user) || (hasAnyRole(req.user, 'district-editor', 'writer') && origin !== null && (await inScope(req, origin)))

/** beforeChange of `co-publications`: derives the server-managed fields and enforces who may take which step. */
export const coPublicationRules: CollectionBeforeChangeHook = async ({ data, originalDoc, req, operation }) => {
  const user = req.user as { id: number | string; name?: string; email?: string } | null
  const systemReason = req.context[systemChange] as string | undefined
  const trusted = !user || Boolean(systemReason)

  // The item of a record never changes; everything but the state and a decline reason is the server's.
  const item = itemRef(operation === 'create' ? data.item : originalDoc?.item)
  if (!item) throw refuse('item', '请选择要报送的新闻或活动 / Choose the news item or activity to submit')
  const stored = (await storedMainVersion(req, item.collection, item.id)) as Doc | null
  if (!stored) throw refuse('item', '报送的内容不存在 / The item does not exist')
  const before = (operation === 'create' ? null : (originalDoc?.state as CoPublishState)) ?? null
  const to: CoPublishState = (data.state as CoPublishState | undefined) ?? before ?? 'submitted'
  const reason = String(data.declineReason ?? '').trim()
  const keep = (field: string) => (data[field] = originalDoc?.[field] ?? null)
  for (const field of [
    'origin',
    'target',
    'declineReason',
    'submittedBy',
    'submittedByName',
    'submittedAt',
    'decidedBy',
    'decidedByName',
    'decidedAt',
  ])
    keep(field)
  data.item = { relationTo: item.collection, value: item.id }
  data.itemKey = itemKey(item.collection, item.id)
  data.title = stored.title
  data.log = (originalDoc?.log as unknown[]) ?? []
  data.state = to

  if (operation === 'create' || (to === 'submitted' && before !== 'submitted')) {
    // The origin is the item's district now, the target its parent.
    const origin = relationId(stored.district as RelationValue)
    const originDoc =
      origin === null
        ? null
        : ((await req.payload.findByID({
            collection: 'districts',
            id: origin,
            depth: 0,
            overrideAccess: true,
            req,
            disableErrors: true,
          })) as Doc | null)
    data.origin = origin
    data.target = relationId(originDoc?.parent as RelationValue)
  }
  const origin = relationId(data.origin as RelationValue)
  const target = relationId(data.target as RelationValue)
  if (target === null) throw refuse('item', '该内容所属区域没有上级区域，无法报送 / The item’s district has no parent district')

  if (operation === 'create') {
    const existing = await req.payload.find({
      collection: 'co-publications',
      where: { itemKey: { equals: data.itemKey } },
      depth: 0,
      limit: 1,
      overrideAccess: true,
      req,
    })
    const record = existing.docs[0] as Doc | undefined
    if (record) {
      throw refuse(
        'item',
        `该内容已有报送记录（${coPublishStates[record.state as CoPublishState]?.zh ?? record.state}），请在该记录上重新报送 / Already submitted: resubmit on its record`,
      )
    }
  }

  let action: keyof typeof actions | null = null
  let note: string | undefined
  if (to !== before) {
    const published = stored._status === 'published'
    if (to === 'submitted') {
      if (before !== null && before !== 'withdrawn' && before !== 'declined') throw stepRefused(before, to)
      if (!trusted && !(await mayActForOrigin(req, origin))) {
        throw refuse(
          'item',
          `只有${await districtName(req, origin)}的撰稿人和编辑可以报送本单位的内容 / Only the item’s own district may submit it`,
        )
      }
      if (!published) throw refuse('item', '只有已发布的内容可以报送 / Only published content can be submitted')
      action = before === null ? 'submit' : 'resubmit'
      data.submittedBy = user?.id ?? null
      data.submittedByName = actorName(user)
      data.submittedAt = new Date().toISOString()
      data.declineReason = null
    } else if (to === 'accepted' || to === 'declined') {
      // Trusted server code (seed, tests' fixtures) may create a record already decided.
      const allowed =
        (trusted && before === null) ||
        (to === 'accepted' ? before === 'submitted' || before === 'declined' : before === 'submitted' || before === 'accepted')
      if (!trusted && !(await mayDecide(req, target))) {
        throw refuse(
          'state',
          `只有接收单位（${await districtName(req, target)}）的区域编辑可以采用或不予采用 / Only the receiving district’s editors decide`,
        )
      }
      if (!allowed) throw stepRefused(before, to)
      if (to === 'accepted' && !published) throw refuse('state', '原稿已不在发布状态，不能采用 / The item is no longer published')
      if (to === 'declined' && !reason && !trusted) throw refuse('declineReason', '不予采用时请填写理由 / Give a reason when declining')
      action = to === 'accepted' ? 'accept' : 'decline'
      note = to === 'declined' ? reason : undefined
      data.declineReason = to === 'declined' ? reason || null : null
      data.decidedBy = user?.id ?? null
      data.decidedByName = actorName(user)
      data.decidedAt = new Date().toISOString()
    } else if (to === 'withdrawn') {
      if (before !== 'submitted' && before !== 'accepted') throw stepRefused(before, to)
      if (!trusted && !(await mayActForOrigin(req, origin))) {
        throw refuse('state', `只有报送单位（${await districtName(req, origin)}）可以撤回 / Only the origin district may withdraw`)
      }
      action = systemReason ? 'system' : 'withdraw'
      note = systemReason
    }
  }

  if (action) {
    data.log = [
      ...(data.log as unknown[]),
      {
        action: actions[action],
        state: coPublishStates[to].zh,
        ...actor(user),
        at: new Date().toISOString(),
        note,
      },
    ]
  }
  return data
}

const stepRefused = (from: CoPublishState | null, to: CoPublishState) =>
  refuse(
    'state',
    `不能从“${from ? coPublishStates[from].zh : '未报送'}”改为“${coPublishStates[to].zh}” / Not an allowed co-publishing step`,
  )

/**
 * afterChange of news and activities: unpublishing an item (not merely saving a
 * draft over it) or moving it to another district withdraws its co-publication,
 * so it leaves the parent's site with the next rebuild (which that save requests anyway).
 * The stored document is asked, not `previousDoc`: after a draft save, `previousDoc` is that draft.
 */
export const withdrawCoPublicationWhenUnpublished: CollectionAfterChangeHook = async ({ collection, doc, req }) => {
  if (!isItemCollection(collection.slug)) return doc
  const { docs } = await req.payload.find({
    collection: 'co-publications',
    where: { and: [{ itemKey: { equals: itemKey(collection.slug, doc.id) } }, { state: { in: ['submitted', 'accepted'] } }] },
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
  })
  const record = docs[0] as Doc | undefined
  if (!record) return doc
  let reason: string | undefined
  if (doc._status !== 'published') {
    const stored = (await storedMainVersion(req, collection.slug, doc.id)) as Doc | null
    if (stored?._status !== 'published') reason = '原稿已撤销发布'
  } else if (String(relationId(doc.district)) !== String(relationId(record.origin))) {
    reason = '原稿已移至其他区域'
  }
  if (!reason) return doc
  req.context[systemChange] = reason
  try {
    await req.payload.update({ collection: 'co-publications', id: record.id, data: { state: 'withdrawn' }, overrideAccess: true, req })
  } finally {
    delete req.context[systemChange]
  }
  return doc
}

/** afterDelete of news and activities: the record of a deleted item goes with it. */
export const removeCoPublicationWithItem: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  if (!isItemCollection(collection.slug)) return doc
  await req.payload.delete({
    collection: 'co-publications',
    where: { itemKey: { equals: itemKey(collection.slug, doc.id) } },
    overrideAccess: true,
    req,
  })
  return doc
}
