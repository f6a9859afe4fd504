import type { Plugin } from 'payload'

import { withEditConflictCheck } from '../api/editConflict'

/** No lost updates: saves carrying If-Match are refused with 409 when someone saved since (cms/api/editConflict.ts). */
export const editConflictsPlugin =
  (slugs: readonly string[]): Plugin =>
  (config) => ({
    ...config,
    collections: (config.collections ?? []).map((collection) =>
      slugs.includes(collection.slug) ? withEditConflictCheck(collection) : collection,
    ),
  })
