import type { CollectionConfig } from 'payload'

import { createContent, deleteContent, readContent, readVersionsInScope, updateContent } from '../access/districtScope'
import { cancelScheduledJobsOfDeleted } from '../publishing/cancelScheduledJobs'
import { rebuildSitesAfterChange, rebuildSitesAfterDelete } from '../publishing/hooks'
import { removeCoPublicationWithItem, withdrawCoPublicationWhenUnpublished } from '../review/coPublishing'
import { markDraftSave, reviewChain } from '../review/workflow'

/**
 * What news, activities and campaigns share: per-district access, drafts and
 * versions, the review chain, and a site rebuild after public changes.
 * (Their review fields come from `workflowFields`.)
 */
export function editorialCollection({ schedulePublish = false } = {}): Pick<CollectionConfig, 'access' | 'versions' | 'hooks'> {
  return {
    access: {
      read: readContent(true),
      readVersions: readVersionsInScope,
      create: createContent,
      update: updateContent,
      delete: deleteContent(true),
    },
    // Scheduled publish/unpublish is carried out by the jobs queue (payload.config.ts).
    // The schedule dialog's time list in 24 hours (00:00, not 12:00 上午), quarter-hour steps.
    versions: { drafts: schedulePublish ? { schedulePublish: { timeFormat: 'HH:mm', timeIntervals: 15 } } : true, maxPerDoc: 50 },
    hooks: {
      beforeOperation: [markDraftSave],
      beforeChange: [reviewChain],
      // Co-publishing (news and activities): unpublishing or deleting at the origin takes the item off the parent's site too.
      afterChange: [rebuildSitesAfterChange(), withdrawCoPublicationWhenUnpublished],
      // Deleting an item also cancels its scheduled publish/unpublish (the job names it by id only).
      afterDelete: [rebuildSitesAfterDelete(), removeCoPublicationWithItem, ...(schedulePublish ? [cancelScheduledJobsOfDeleted] : [])],
    },
  }
}
