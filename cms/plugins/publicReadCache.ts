import type { Plugin } from 'payload'

import { invalidatesPublicReads } from '../api/publicReadCache'

/** Any save or delete in any collection empties the anonymous REST micro-cache (cms/api/publicReadCache.ts). */
export const publicReadCachePlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map(invalidatesPublicReads),
})
