import type { CollectionConfig } from 'payload'

/**
 * Where the admin finds our components (paths from cms/, see `importMap.baseDir` in
 * payload.config.ts; run `npm run generate:importmap` after changing them).
 */
type CollectionComponents = NonNullable<NonNullable<CollectionConfig['admin']>['components']>

/**
 * News, activities and campaigns: the review chain as buttons and the review state in the header;
 * no bulk publish for writers in the lists.
 */
export const workflowComponents: CollectionComponents = {
  edit: {
    PublishButton: '/admin/WorkflowButtons#WorkflowButtons',
    UnpublishButton: '/admin/WorkflowButtons#NoUnpublishMenuItem',
    Status: '/admin/ReviewStatus#ReviewStatus',
  },
  beforeListTable: ['/admin/WriterListGuard#WriterListGuard', '/admin/TransferButtons#TransferButtons'],
}

/** 导出 CSV/JSON and 导入 JSON above the lists of stations and brands (editorial lists have them in workflowComponents). */
export const transferListComponents: CollectionComponents = { beforeListTable: ['/admin/TransferButtons#TransferButtons'] }

/** 工作台 above the dashboard's collection cards. */
export const workQueuesComponent = '/admin/WorkQueues#WorkQueues'
