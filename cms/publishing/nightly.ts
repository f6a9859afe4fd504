import type { TaskConfig } from 'payload'

import { rebuildQueue } from './rebuildQueue'

/**
 * Campaigns appear on a site only between their start and end dates, and a
 * static site only changes when it is rebuilt: so every district site is
 * rebuilt shortly after midnight Shanghai time (16:05 UTC), through the same
 * queue as publish-triggered rebuilds.
 */
export const rebuildAllSitesTask: TaskConfig<'rebuildAllSites'> = {
  slug: 'rebuildAllSites',
  label: '每日重建全部区域站点',
  schedule: [{ cron: '5 16 * * *', queue: 'nightly' }],
  handler: async ({ req }) => {
    const queue = rebuildQueue(req.payload)
    if (!queue) {
      req.payload.logger.info('[sites] nightly rebuild skipped: automatic rebuilds are off (SITE_AUTO_REBUILD is not 1)')
      return { output: {} }
    }
    const { docs } = await req.payload.find({
      collection: 'districts',
      depth: 0,
      pagination: false,
      select: { slug: true },
      overrideAccess: true,
      req,
    })
    queue.request(
      // A district without a slug has no site to rebuild (the CMS fills slugs on save).
      docs.flatMap((d) => (d.slug ? [d.slug] : [])),
      '每日定时重建（主题宣传起止日期）',
    )
    return { output: {} }
  },
}
