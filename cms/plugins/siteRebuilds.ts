import type { Plugin } from 'payload'

import { rebuildSitesAfterChange, rebuildSitesAfterDelete } from '../publishing/hooks'
import { addHooks } from './addHooks'

/** Publish → live: a public change rebuilds the district sites that show it (cms/publishing/hooks.ts). */
export const siteRebuildsPlugin =
  (slugs: readonly string[]): Plugin =>
  (config) =>
    addHooks(config, slugs, () => ({ before: { afterChange: [rebuildSitesAfterChange()], afterDelete: [rebuildSitesAfterDelete()] } }))
