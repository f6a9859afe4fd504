import fs from 'node:fs'
import path from 'node:path'

import { createLocalReq, type Payload, type PayloadRequest, type Where } from 'payload'

import { districtScope } from '../access/districtScope'
import { relationId, type RelationValue } from '../fields/ids'
import { indexDatabase, type ReferenceIndex } from './references'
import { filesFolder, serverOwnedFields, transferCollections, type TransferCollection } from './spec'
import { mapRelations } from './walk'
import type { LooseRecord } from '../../shared/looseRecord'
import type { User } from '../payload-types'

type Doc = LooseRecord & { id: number | string }
export type ExportReport = { counts: Record<string, number>; files: number; seconds: number }

/** Localized fields come as { zh, en }; a value with no English is written as the Chinese alone. */
function flattenLocales(doc: Doc, localized: string[]): Doc {
  const out = { ...doc }
  for (const name of localized) {
    const value = doc[name] as { zh?: unknown; en?: unknown } | undefined
    if (value === null || typeof value !== 'object') continue
    const hasEnglish = value.en !== undefined && value.en !== null && value.en !== ''
    out[name] = hasEnglish ? { zh: value.zh ?? null, en: value.en } : (value.zh ?? null)
  }
  return out
}

export type ExportContext = { req: PayloadRequest; scope: 'all' | string[]; index: ReferenceIndex; referenced: Map<string, Set<string>> }

export async function exportContext(payload: Payload, user: User): Promise<ExportContext> {
  const req = await createLocalReq({ user: { ...user, collection: 'users' } }, payload)
  return {
    req,
    scope: await districtScope(req),
    index: await indexDatabase(payload, req),
    referenced: new Map([
      ['media', new Set()],
      ['documents', new Set()],
    ]),
  }
}

/**
 * One collection's records as the user may read them in their districts (everything for an admin;
 * uploads: those the records exported before used), latest versions, relationships as portable
 * references. Referenced uploads are noted in `ctx.referenced`.
 */
export async function portableRecords(payload: Payload, ctx: ExportContext, spec: TransferCollection): Promise<Doc[]> {
  const { scope, index, referenced, req } = ctx
  const fields = payload.collections[spec.slug].config.flattenedFields
  let where: Where | undefined
  if (scope !== 'all' && spec.slug === 'districts') where = { id: { in: scope } }
  else if (scope !== 'all' && spec.match === 'district-slug') where = { district: { in: scope } }
  else if (scope !== 'all' && spec.match === 'filename') where = { id: { in: [...referenced.get(spec.slug)!] } }
  const nothing = scope !== 'all' && (spec.match === 'filename' ? referenced.get(spec.slug)!.size === 0 : scope.length === 0)
  const { docs } = nothing
    ? { docs: [] }
    : await payload.find({
        collection: spec.slug,
        where,
        locale: 'all',
        draft: true,
        depth: 0,
        pagination: false,
        sort: 'id',
        overrideAccess: false,
        req,
      })
  const localized = fields.filter((f) => 'localized' in f && f.localized).map((f) => f.name)
  return (docs as Doc[]).map((doc) => {
    const kept = Object.fromEntries(Object.entries(flattenLocales(doc, localized)).filter(([key]) => !serverOwnedFields.has(key))) as Doc
    return mapRelations(kept, fields, ({ relationTo, value }) => {
      const id = relationId(value as RelationValue)
      if (id === null) return null
      referenced.get(relationTo)?.add(String(id))
      return index.refOf(relationTo, id) ?? null
    }) as Doc
  })
}

/**
 * Writes the content the user may read in their districts (everything for an admin) to `dir`: one
 * `<collection>.json` per collection, relationships as slugs and file names (portable between
 * databases), and the uploaded originals under `media/`, so the folder is a complete import.
 * Drafts are exported as their latest version, with `_status` saying whether the item is live.
 */
export async function exportContent(
  payload: Payload,
  { dir, user, log = () => {} }: { dir: string; user: User; log?: (line: string) => void },
): Promise<ExportReport> {
  const started = performance.now()
  const ctx = await exportContext(payload, user)
  fs.mkdirSync(path.join(dir, filesFolder), { recursive: true })
  const records = new Map<string, Doc[]>()
  // Content first, so that a district user's export carries exactly the files its records use.
  const uploads = transferCollections.filter((c) => c.match === 'filename')
  for (const spec of transferCollections.filter((c) => c.match !== 'filename'))
    records.set(spec.slug, await portableRecords(payload, ctx, spec))
  for (const spec of uploads) records.set(spec.slug, await portableRecords(payload, ctx, spec))

  let files = 0
  for (const spec of uploads) {
    const staticDir = payload.collections[spec.slug].config.upload.staticDir ?? ''
    for (const { filename } of records.get(spec.slug)!) {
      fs.copyFileSync(path.join(staticDir, filename), path.join(dir, filesFolder, filename))
      files++
    }
  }
  const counts: Record<string, number> = {}
  for (const spec of transferCollections) {
    const list = records.get(spec.slug)!
    counts[spec.slug] = list.length
    fs.writeFileSync(path.join(dir, `${spec.slug}.json`), `${JSON.stringify(list, null, 2)}\n`)
    log(`  ${spec.slug.padEnd(10)} ${String(list.length).padStart(5)} 条 / records`)
  }
  return { counts, files, seconds: (performance.now() - started) / 1000 }
}
