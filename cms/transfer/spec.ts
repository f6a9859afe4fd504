import type { CollectionSlug } from 'payload'

/**
 * What `npm run export` writes and `npm run import` reads, in the order records must be written:
 * a record may refer only to collections above it (and to its own collection's parents, which are
 * written first). Records are matched by what identifies them across databases — never by id.
 */
export type TransferCollection = {
  slug: CollectionSlug
  /** How a record is recognised in another database: its slug (unique overall), its slug within its district, or its file name. */
  match: 'slug' | 'district-slug' | 'filename'
  /** A relationship to the same collection, written parents first. */
  parentField?: string
  /** Drafts + the review chain: imported as drafts unless `--publish` by an admin. */
  editorial?: boolean
}

export const transferCollections: TransferCollection[] = [
  { slug: 'media', match: 'filename' },
  { slug: 'documents', match: 'filename' },
  { slug: 'districts', match: 'slug', parentField: 'parent' },
  { slug: 'stations', match: 'district-slug', parentField: 'parentStation' },
  { slug: 'brands', match: 'district-slug', parentField: 'parentBrand' },
  { slug: 'activities', match: 'district-slug', editorial: true },
  { slug: 'news', match: 'district-slug', editorial: true },
  { slug: 'campaigns', match: 'district-slug', editorial: true },
]

export const transferSpec = (slug: string) => transferCollections.find((c) => c.slug === slug)

/** Uploaded files sit beside the JSON files in this folder, under their stored file names. */
export const filesFolder = 'media'

/** Fields the server writes (review chain, creator, upload metadata) or that mean nothing in another database. */
export const serverOwnedFields = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'reviewState',
  'reviewLog',
  'rejectReason',
  'confirmWarnings',
  'createdBy',
  'scheduleNote',
  'url',
  'thumbnailURL',
  'filesize',
  'width',
  'height',
  'mimeType',
  'sizes',
])
