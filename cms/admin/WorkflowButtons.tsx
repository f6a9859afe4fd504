'use client'
/**
 * The review chain as buttons (registered as the news/activities/campaigns edit view's
 * PublishButton): 提交审核 / 撤回 / 审核通过 / 退回 / 发布 / 撤销发布, as the user's role and the
 * item's state allow (./workflowActions.ts). Each step is the admin's own form submit to the REST
 * API with reviewState/_status set, so the server rules (cms/review/workflow.ts) decide, unsaved
 * edits go along, and refusals land on their fields. 发布 is Payload's own publish button (it
 * carries 预约发布), shown to editors and admins only; a writer never sees it.
 */
import {
  Button,
  ConfirmationModal,
  PublishButton,
  toast,
  useAuth,
  useConfig,
  useDocumentInfo,
  useForm,
  useFormModified,
  useFormProcessing,
  useLocale,
  useModal,
} from '@payloadcms/ui'
import React, { useEffect, useRef } from 'react'

import { RejectDialog } from './RejectDialog'
import { actionDone, actionLabels, workflowActions, workflowRole, type ReviewStateValue, type WorkflowAction } from './workflowActions'

type Step = { reviewState?: ReviewStateValue; rejectReason?: string; _status: 'draft'; asDraft: boolean; validate: boolean }

const steps: Partial<Record<WorkflowAction, Step>> = {
  submit: { reviewState: 'submitted', _status: 'draft', asDraft: true, validate: true },
  withdraw: { reviewState: 'draft', _status: 'draft', asDraft: true, validate: false },
  approve: { reviewState: 'reviewed', _status: 'draft', asDraft: true, validate: true },
  reject: { reviewState: 'draft', _status: 'draft', asDraft: true, validate: false },
  // Not a draft save: the server reads it as unpublishing (and refuses it to writers).
  unpublish: { _status: 'draft', asDraft: false, validate: false },
}

export function WorkflowButtons() {
  const { user } = useAuth()
  const info = useDocumentInfo()
  const { id, collectionSlug, data, hasPublishedDoc, hasSavePermission, setHasPublishedDoc, setUnpublishedVersionCount } = info
  const { submit, getData } = useForm()
  const modified = useFormModified()
  const processing = useFormProcessing()
  const { code: locale } = useLocale()
  const { config } = useConfig()
  const { openModal } = useModal()
  const publishClicked = useRef(false)
  const wasProcessing = useRef(false)

  // Payload's publish button toasts "更新成功。"; once its save is through, say what happened instead.
  useEffect(() => {
    if (wasProcessing.current && !processing && publishClicked.current) {
      publishClicked.current = false
      if (data?._status === 'published') {
        setTimeout(() => {
          toast.dismiss()
          toast.success(actionDone.publish)
        }, 0)
      }
    }
    wasProcessing.current = processing
  }, [processing, data?._status])

  if (!collectionSlug || !hasSavePermission) return null
  const role = workflowRole(user as { roles?: string[] } | null)
  const reviewState = ((data?.reviewState as ReviewStateValue | undefined) ?? 'draft') as ReviewStateValue
  const actions = workflowActions(role, {
    isNew: !id,
    reviewState,
    latestIsPublished: data?._status === 'published',
    hasPublishedDoc,
  })
  const rejectSlug = `reject-${collectionSlug}-${id ?? 'new'}`
  const unpublishSlug = `unpublish-${collectionSlug}-${id ?? 'new'}`

  const run = async (action: WorkflowAction, extra: Record<string, unknown> = {}): Promise<boolean> => {
    const step = steps[action]!
    const query = new URLSearchParams({ depth: '0', 'fallback-locale': 'null', locale })
    if (step.asDraft) query.set('draft', 'true')
    const { asDraft: _asDraft, validate, ...values } = step
    const result = await submit({
      action: `${config.routes.api}/${collectionSlug}${id ? `/${id}` : ''}?${query}`,
      method: id ? 'PATCH' : 'POST',
      // A function (not an object) keeps refused fields marked after the answer comes back; it returns
      // the whole data to send (Payload's type says FormData, its code serialises this object).
      overrides: (() => ({ ...getData(), ...values, ...extra })) as unknown as () => FormData,
      disableSuccessStatus: true,
      skipValidation: !validate,
    })
    const done = Boolean(result && (result as { res?: Response }).res?.ok)
    if (done) {
      if (action === 'unpublish') {
        setHasPublishedDoc(false)
        setUnpublishedVersionCount(1)
      } else if (step.asDraft) setUnpublishedVersionCount((count) => count + 1)
      // A new item's first save redirects to its page, which then shows Payload's "成功创建 新闻": say ours there instead.
      const pendingToast = 'payload-pending-success-toast'
      if (!id && window.sessionStorage.getItem(pendingToast)) window.sessionStorage.setItem(pendingToast, actionDone[action])
      else toast.success(actionDone[action])
    }
    return done
  }

  const isReviewed = reviewState === 'reviewed' || (reviewState === 'published' && data?._status === 'published')
  const publishLabel = hasPublishedDoc ? '发布修改' : role === 'admin' && !isReviewed ? '直接发布（未经审核）' : actionLabels.publish

  return (
    <div className="workflow-buttons" style={{ display: 'flex', gap: 'calc(var(--base) / 2)', alignItems: 'center', flexWrap: 'wrap' }}>
      {actions.map((action) => {
        if (action === 'publish') {
          return (
            <span
              key={action}
              onClickCapture={(e) => {
                if ((e.target as Element).closest('#action-save')) publishClicked.current = true
              }}
              style={{ display: 'contents' }}
            >
              <PublishButton label={publishLabel} />
            </span>
          )
        }
        const onClick =
          action === 'reject'
            ? () => openModal(rejectSlug)
            : action === 'unpublish'
              ? () => openModal(unpublishSlug)
              : () => void run(action)
        const primary = action === 'submit' || action === 'approve'
        return (
          <Button
            buttonStyle={primary ? 'primary' : 'secondary'}
            disabled={processing}
            id={`workflow-${action}`}
            key={action}
            onClick={onClick}
            size="medium"
            type="button"
          >
            {actionLabels[action]}
          </Button>
        )
      })}
      {actions.includes('reject') && <RejectDialog onReject={(reason) => run('reject', { rejectReason: reason })} slug={rejectSlug} />}
      {actions.includes('unpublish') && (
        <ConfirmationModal
          body={
            modified
              ? '撤销后网站上将不再显示此内容；当前未保存的修改会一并保存为草稿。'
              : '撤销后网站上将不再显示此内容，可以重新审核后再发布。'
          }
          cancelLabel="取消"
          confirmLabel="撤销发布"
          confirmingLabel="正在撤销…"
          heading="撤销发布？"
          modalSlug={unpublishSlug}
          onConfirm={async () => void (await run('unpublish'))}
        />
      )}
    </div>
  )
}

/** Replaces the ⋯ menu's 取消发布: 撤销发布 is among the workflow buttons, for editors only. */
export function NoUnpublishMenuItem() {
  return null
}
