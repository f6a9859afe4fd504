import fs from 'node:fs'
import path from 'node:path'

import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { districtScope, isAdmin } from '../access/districtScope'
import { planImport, readImportSource, type PlannedRecord } from './importPlan'
import { byFileAndRecord, ImportRefused, payloadFieldErrors, type ImportProblem } from './problems'
import { indexDatabase, type ReferenceIndex } from './references'
import { filesFolder, transferCollections } from './spec'
import { mapRelations } from './walk'
import type { LooseRecord } from '../../shared/looseRecord'
import type { User } from '../payload-types'

type Id = number | string
export type ImportOptions = { input: string; user: User; dryRun?: boolean; publish?: boolean; log?: (line: string) => void }
export type ImportReport = {
  created: Record<string, number>
  existing: Record<string, number>
  total: number
  seconds: number
  docsPerSecond: number
  dryRun: boolean
}

const perLocale = (value: unknown): value is { zh?: unknown; en?: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((k) => k === 'zh' || k === 'en')

const mimeTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  pdf: 'application/pdf',
}

/**
 * `npm run import`: loads a dataset as `user` through the Local API with their access
 * (`overrideAccess: false`): districts, then media, stations, brands, activities, news, campaigns,
 * each matched by slug (file name for uploads) — a record that exists is left as it is, so a second
 * run changes nothing. Every record is checked first and every problem listed before anything is
 * written; the writes are one transaction, rolled back at the first refusal (uploaded files removed
 * too). Editorial items land as drafts; `publish` (admins only) publishes those marked
 * `"_status": "published"`, through the review chain (logged as an admin's direct publish).
 * A dry run checks, then rehearses the writes and rolls them back.
 */
export async function importContent(payload: Payload, options: ImportOptions): Promise<ImportReport> {
  const { input, user, dryRun = false, publish = false, log = () => {} } = options
  const started = performance.now()
  const req = await createLocalReq({ user: { ...user, collection: 'users' } }, payload)
  const problems: ImportProblem[] = []
  if (publish && !isAdmin(user)) {
    throw new ImportRefused([
      {
        file: '--publish',
        zh: '只有系统管理员可以直接发布导入的内容；其他用户导入为草稿，再走审核流程',
        en: 'only administrators may publish on import',
      },
    ])
  }
  const source = readImportSource(input, problems)
  const index = await indexDatabase(payload, req)
  const plan = planImport(payload, source, index, problems, await districtScope(req))
  if (problems.length > 0) throw new ImportRefused(byFileAndRecord(problems))

  const created: Record<string, number> = {}
  const existing: Record<string, number> = {}
  for (const { slug } of transferCollections) {
    created[slug] = 0
    existing[slug] = 0
  }
  const writtenFiles: string[] = []
  await initTransaction(req)
  let current: PlannedRecord | undefined
  try {
    const realIds = new Map<string, Id>()
    let collectionStarted = performance.now()
    for (const [position, record] of plan.entries()) {
      current = record
      const slug = record.spec.slug
      if (record.existingId !== undefined) existing[slug]++
      else {
        const id = await writeRecord(payload, req, record, { index, realIds, folder: source.folder, publish, writtenFiles })
        realIds.set(record.placeholder, id)
        created[slug]++
      }
      const done = created[slug] + existing[slug]
      const next = plan[position + 1]
      if (done % 1000 === 0 && next?.spec.slug === slug)
        log(
          `  ${slug.padEnd(10)} ${done} 条… (${(created[slug] / Math.max((performance.now() - collectionStarted) / 1000, 1e-3)).toFixed(1)} 条/秒 docs/s)`,
        )
      if (next?.spec.slug !== slug) {
        const seconds = (performance.now() - collectionStarted) / 1000
        const count = created[slug] + existing[slug]
        log(
          `  ${slug.padEnd(10)} ${String(count).padStart(5)} 条：新建 ${created[slug]}，已存在 ${existing[slug]}（${(created[slug] / Math.max(seconds, 1e-3)).toFixed(1)} 条/秒） / created, already present (docs/s)`,
        )
        collectionStarted = performance.now()
      }
    }
    current = undefined
    if (dryRun) await killTransaction(req)
    else await commitTransaction(req)
  } catch (error) {
    await killTransaction(req)
    for (const file of writtenFiles) fs.rmSync(file, { force: true })
    if (error instanceof ImportRefused) throw error
    const where = current ? { file: current.file, record: current.record } : { file: input }
    throw new ImportRefused(
      payloadFieldErrors(error).map(({ path, message }) => {
        const [zh, en = message] = message.split(' / ')
        return { ...where, field: path, zh: `${zh}（已回滚，未写入任何内容）`, en: `${en} (rolled back, nothing written)` }
      }),
      true,
    )
  } finally {
    if (dryRun) for (const file of writtenFiles) fs.rmSync(file, { force: true })
  }
  const total = Object.values(created).reduce((a, b) => a + b, 0)
  const seconds = (performance.now() - started) / 1000
  return { created, existing, total, seconds, docsPerSecond: total / Math.max(seconds, 1e-3), dryRun }
}

async function writeRecord(
  payload: Payload,
  req: PayloadRequest,
  record: PlannedRecord,
  {
    index,
    realIds,
    folder,
    publish,
    writtenFiles,
  }: { index: ReferenceIndex; realIds: Map<string, Id>; folder: string; publish: boolean; writtenFiles: string[] },
): Promise<Id> {
  const { spec } = record
  const config = payload.collections[spec.slug].config
  const resolved = mapRelations(record.data, config.flattenedFields, ({ relationTo, value }) => {
    if (typeof value !== 'string') return value
    const id = index.resolve(relationTo, value) as Id
    return typeof id === 'string' && id.startsWith('planned:') ? realIds.get(id) : id
  })
  const zh: LooseRecord = {}
  const en: LooseRecord = {}
  const localized = new Set(config.flattenedFields.filter((f) => 'localized' in f && f.localized).map((f) => f.name))
  for (const [key, value] of Object.entries(resolved)) {
    if (key === '_status') continue
    if (localized.has(key) && perLocale(value)) {
      if (value.zh !== undefined) zh[key] = value.zh
      if (value.en !== undefined && value.en !== null) en[key] = value.en
    } else zh[key] = value
  }
  const publishing = Boolean(spec.editorial && publish && record.data._status === 'published')
  if (spec.editorial) zh._status = publishing ? 'published' : 'draft'
  let file: { data: Buffer; mimetype: string; name: string; size: number } | undefined
  if (spec.match === 'filename') {
    const data = fs.readFileSync(path.join(folder, filesFolder, record.data.filename))
    file = {
      data,
      mimetype: mimeTypes[path.extname(record.data.filename).slice(1).toLowerCase()] ?? 'application/octet-stream',
      name: record.data.filename,
      size: data.length,
    }
    for (const key of ['filename', 'mimeType', 'filesize', 'width', 'height', 'sizes', 'url']) delete zh[key]
  }
  const draft = Boolean(spec.editorial && !publishing)
  const doc = (await payload.create({
    collection: spec.slug,
    data: zh,
    locale: 'zh',
    draft,
    file,
    req,
    overrideAccess: false,
    depth: 0,
  })) as LooseRecord
  req.file = undefined
  if (file) {
    const staticDir = config.upload.staticDir ?? ''
    for (const name of [
      doc.filename,
      ...Object.values((doc.sizes ?? {}) as Record<string, { filename?: string }>).map((s) => s.filename),
    ]) {
      if (name) writtenFiles.push(path.join(staticDir, name))
    }
  }
  if (Object.keys(en).length > 0) {
    await payload.update({
      collection: spec.slug,
      id: doc.id,
      data: { ...en, ...(spec.editorial ? { _status: zh._status } : {}) },
      locale: 'en',
      draft,
      req,
      overrideAccess: false,
      depth: 0,
    })
  }
  // District scope is cached per request (access/districtScope.ts); a new district changes it.
  if (spec.slug === 'districts')
    for (const key of Object.keys(req.context)) if (key === 'districtParents' || key.startsWith('districtScope:')) delete req.context[key]
  return doc.id
}
