import type { Payload, PayloadRequest } from 'payload'

import { relationId, type RelationValue } from '../fields/ids'
import { transferCollections, type TransferCollection } from './spec'

type Id = number | string
const ambiguous = Symbol('ambiguous')

/**
 * Turns portable references into ids and back. A reference is a district's slug, a file name
 * (media, documents), or — for records whose slug is unique only within their district —
 * the slug alone when no other district uses it, else `district-slug/slug`.
 */
export class ReferenceIndex {
  private readonly byKey = new Map<string, Map<string, Id | typeof ambiguous>>()
  private readonly keyOfId = new Map<string, Map<string, string>>()
  private readonly districtSlugs = new Map<string, string>()

  private keys(collection: string) {
    let map = this.byKey.get(collection)
    if (!map) this.byKey.set(collection, (map = new Map()))
    return map
  }

  /** Records `id` under its portable keys; `district` is the district's slug for district-scoped records. */
  add(spec: TransferCollection, id: Id, doc: { slug?: string | null; filename?: string | null; district?: string | null }) {
    const keys = this.keys(spec.slug)
    const put = (key: string) => {
      const known = keys.get(key)
      keys.set(key, known === undefined || String(known) === String(id) ? id : ambiguous)
    }
    if (spec.match === 'filename' && doc.filename) put(doc.filename)
    if (spec.match !== 'filename' && doc.slug) put(doc.slug)
    if (spec.match === 'district-slug' && doc.slug && doc.district) put(`${doc.district}/${doc.slug}`)
    if (spec.slug === 'districts' && doc.slug) this.districtSlugs.set(String(id), doc.slug)
    let ids = this.keyOfId.get(spec.slug)
    if (!ids) this.keyOfId.set(spec.slug, (ids = new Map()))
    ids.set(String(id), doc.filename ?? doc.slug ?? String(id))
  }

  /** The id a reference names: undefined when nothing matches, 'ambiguous' when several districts use the slug. */
  resolve(collection: string, ref: string): Id | undefined | 'ambiguous' {
    const found = this.byKey.get(collection)?.get(ref)
    return found === ambiguous ? 'ambiguous' : found
  }

  /** Whether a record with exactly this identity exists (district-scoped: `district/slug`). */
  has(collection: string, key: string) {
    const found = this.byKey.get(collection)?.get(key)
    return found !== undefined && found !== ambiguous
  }

  /** The portable reference of an id (the plain slug unless another district uses it too). */
  refOf(collection: string, id: Id): string | undefined {
    const key = this.keyOfId.get(collection)?.get(String(id))
    if (key === undefined) return undefined
    if (this.resolve(collection, key) !== 'ambiguous') return key
    for (const [ref, value] of this.byKey.get(collection) ?? []) if (ref.endsWith(`/${key}`) && String(value) === String(id)) return ref
    return key
  }

  districtSlug(id: Id | null): string | null {
    return id === null ? null : (this.districtSlugs.get(String(id)) ?? null)
  }
}

/**
 * Every record of the transfer collections the user can read (drafts included): the ids references
 * resolve to, and what an import matches against. Districts first, so other records know theirs by slug.
 */
export async function indexDatabase(payload: Payload, req: PayloadRequest): Promise<ReferenceIndex> {
  const index = new ReferenceIndex()
  const ordered = [...transferCollections].sort((a, b) => Number(b.slug === 'districts') - Number(a.slug === 'districts'))
  for (const spec of ordered) {
    const select =
      spec.match === 'filename' ? { filename: true } : spec.match === 'district-slug' ? { slug: true, district: true } : { slug: true }
    const { docs } = await payload.find({
      collection: spec.slug,
      select,
      depth: 0,
      pagination: false,
      draft: true,
      overrideAccess: false,
      req,
    })
    for (const doc of docs as { id: Id; slug?: string; filename?: string; district?: RelationValue }[]) {
      index.add(spec, doc.id, { slug: doc.slug, filename: doc.filename, district: index.districtSlug(relationId(doc.district ?? null)) })
    }
  }
  return index
}
