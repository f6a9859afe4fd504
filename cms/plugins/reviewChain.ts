import type { Plugin } from 'payload'

import { removeCoPublicationWithItem, withdrawCoPublicationWhenUnpublished } from '../review/coPublishing'
import { markDraftSave, reviewChain } from '../review/workflow'
import { addHooks } from './addHooks'

/**
 * The review chain (草稿 → 待审核 → 已审核 → 已发布, cms/review/workflow.ts) on the editorial
 * collections, with co-publishing's follow-ups: unpublishing or deleting an item at its origin
 * takes it off the parent district's site too (cms/review/coPublishing.ts). The collections carry
 * the review fields themselves (`workflowFields`).
 */
export const reviewChainPlugin =
  (slugs: readonly string[]): Plugin =>
  (config) =>
    addHooks(config, slugs, () => ({
      before: {
        beforeOperation: [markDraftSave],
        beforeChange: [reviewChain],
        afterChange: [withdrawCoPublicationWhenUnpublished],
        afterDelete: [removeCoPublicationWithItem],
      },
    }))
