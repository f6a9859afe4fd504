/**
 * Behaviour that cuts across collections, in one list. Each collection file shows its own fields,
 * access and hooks; what is added here is named by collection below. Order matters: a plugin
 * that puts its hooks in front (`before`) and comes later in the list runs its hooks earlier.
 */
import type { Plugin } from 'payload'

import { editConflictsPlugin } from './editConflicts'
import { previewLinksPlugin } from './previewLinks'
import { publicReadCachePlugin } from './publicReadCache'
import { readLimitsPlugin } from './readLimits'
import { reviewChainPlugin } from './reviewChain'
import { siteRebuildsPlugin } from './siteRebuilds'
import { strictWritesPlugin } from './strictWrites'
import { textHygienePlugin } from './textHygiene'

/** News, activities and campaigns: drafts, the review chain (三审), co-publishing. */
export const editorialSlugs = ['news', 'activities', 'campaigns'] as const
/** Collections edited in forms by several people, whose saves may carry If-Match. */
export const editableSlugs = ['districts', 'stations', 'brands', ...editorialSlugs] as const
/** Collections whose changes show on the district sites. */
export const onSitesSlugs = [...editableSlugs, 'co-publications'] as const

export const plugins: Plugin[] = [
  reviewChainPlugin(editorialSlugs),
  // In front of the review chain's afterChange/afterDelete hooks: the rebuild is asked for first.
  siteRebuildsPlugin(onSitesSlugs),
  // In front of everything a save runs: the lock is taken before Payload reads the document.
  editConflictsPlugin(editableSlugs),
  textHygienePlugin,
  publicReadCachePlugin,
  readLimitsPlugin,
  // Unknown keys, wrong types and values refused with 400 per API path (REST and GraphQL writes).
  strictWritesPlugin,
  previewLinksPlugin,
]
