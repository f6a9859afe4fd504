'use client'
/**
 * The edit view's header status (replaces Payload's 状态：草稿): whether the item is live, and where
 * it is in the review chain — 状态：草稿 · 审核状态：待审核 — with 已退回 when an editor sent it back.
 */
import { useDocumentInfo } from '@payloadcms/ui'
import React from 'react'

import { reviewStateLabels, type ReviewStateValue } from './workflowActions'

export function ReviewStatus() {
  const { data, hasPublishedDoc, unpublishedVersionCount } = useDocumentInfo()
  const reviewState = ((data?.reviewState as ReviewStateValue | undefined) ?? 'draft') as ReviewStateValue
  const live = !hasPublishedDoc ? '草稿' : unpublishedVersionCount > 0 ? '已发布（有未发布的修改）' : '已发布'
  const rejected = reviewState === 'draft' && typeof data?.rejectReason === 'string' && data.rejectReason.trim() !== ''
  return (
    <div className="status review-status" style={{ display: 'flex', gap: '0.75em', flexWrap: 'wrap' }}>
      <span>
        <span className="status__label">状态：</span>
        <span className="status__value">{live}</span>
      </span>
      <span data-review-state={reviewState}>
        <span className="status__label">审核状态：</span>
        <strong className="status__value">{reviewStateLabels[reviewState] ?? reviewState}</strong>
        {rejected && <span title={String(data?.rejectReason)}>（已退回，理由见右侧“退回理由”）</span>}
      </span>
    </div>
  )
}
