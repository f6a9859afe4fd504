/**
 * Lists of news, activities and campaigns (`beforeListTable`): a writer never sees the bulk 发布,
 * 取消发布 or 编辑 (whose drawer publishes) for selected rows. The server refuses those to writers
 * anyway (cms/review/workflow.ts); editors keep them, and each item still passes the review chain.
 */
import type { ServerProps } from 'payload'

import React from 'react'

import { workflowRole } from './workflowActions'

const hideBulkActions = ['发布', '取消发布', '编辑', 'Publish', 'Unpublish', 'Edit']
  .map((label) => `.list-selection__actions [aria-label="${label}"]`)
  .join(', ')

export function WriterListGuard({ user }: ServerProps) {
  if (workflowRole(user as { roles?: string[] } | null) !== 'writer') return null
  return <style>{`${hideBulkActions} { display: none !important; }`}</style>
}
