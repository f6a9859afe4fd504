import type { CollectionBeforeChangeHook, CollectionBeforeOperationHook, CollectionSlug, Field, PayloadRequest } from 'payload'

import { hasAnyRole, isAdmin, staffOfRecordField } from '../access/districtScope'
import { wordsForDistrict } from '../collections/WordLists'
import { relationId, type RelationValue } from '../fields/ids'
import { actionLogField } from '../fields/actionLog'
import { actorName } from '../fields/actorName'
import { t } from '../fields/label'
import { checkTexts, summarise } from './contentCheck'
import { lexicalToPlainText } from './lexicalPlainText'
import { contentCheckRefusal, refusal } from './refusals'

/**
 * The review chain (三审) for news, activities and campaigns:
 * 草稿 draft → 待审核 submitted → 已审核 reviewed → 已发布 published.
 * Writers write and submit; district editors review (or reject with a reason)
 * and publish; admins may do everything, and an admin publishing without review
 * is allowed but logged as an override. Every step is recorded on the document.
 */
export const reviewStates = {
  draft: t('草稿', 'Draft'),
  submitted: t('待审核', 'Submitted'),
  reviewed: t('已审核', 'Reviewed'),
  published: t('已发布', 'Published'),
} as const
export type ReviewState = keyof typeof reviewStates

const actions = {
  submit: '提交审核',
  withdraw: '撤回提交',
  approve: '审核通过',
  reject: '退回修改',
  publish: '发布',
  override: '管理员直接发布（未经审核）',
  unpublish: '撤销发布',
  reset: '审核后内容被修改，退回草稿',
} as const
type Action = keyof typeof actions

export const workflowFields: Field[] = [
  {
    name: 'reviewState',
    access: { read: staffOfRecordField },
    type: 'select',
    label: t('审核状态', 'Review state'),
    options: Object.entries(reviewStates).map(([value, label]) => ({ value, label })),
    defaultValue: 'draft',
    index: true,
    // Changed only by the workflow buttons above the form (cms/admin/WorkflowButtons.tsx), which call
    // the REST API; the server rules below decide. Shown read-only, and as a list column.
    admin: {
      position: 'sidebar',
      readOnly: true,
      description: t('用页面上方的“提交审核”“审核通过”“退回”“发布”等按钮改变', 'Changed with the workflow buttons at the top'),
    },
  },
  {
    name: 'rejectReason',
    access: { read: staffOfRecordField },
    type: 'textarea',
    label: t('退回理由', 'Reason for rejection'),
    // Shown while there is a reason: written with the 退回 button's dialog, cleared on resubmission.
    admin: {
      position: 'sidebar',
      readOnly: true,
      condition: (data) => Boolean(data?.rejectReason),
      description: t('区域编辑退回时填写；修改后再次提交审核即清空', 'Written with 退回; cleared when resubmitted'),
    },
  },
  {
    name: 'confirmWarnings',
    access: { read: staffOfRecordField },
    type: 'checkbox',
    label: t('已核对慎用词和格式提示', 'I have checked the warnings'),
    admin: {
      position: 'sidebar',
      description: t('内容检查发现慎用词或格式问题时，核对后勾选才能提交', 'Needed to submit when the content check warns'),
    },
  },
  actionLogField('reviewLog', t('审核记录', 'Review log'), { position: 'sidebar' }),
  // Who created the item (for the 工作台's 我的草稿); set by the server on create, never by a client.
  {
    name: 'createdBy',
    type: 'relationship',
    relationTo: 'users',
    access: { read: staffOfRecordField },
    index: true,
    label: t('创建人', 'Created by'),
    admin: { hidden: true },
  },
]

/**
 * Remembers whether this save stores a draft (the beforeChange hook cannot see the `draft` argument),
 * by Payload's own rule: an update with `draft: true` that carries `_status: 'published'` is a
 * publish, not a draft save — so it goes through the publish checks below like any other publish.
 */
export const markDraftSave: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const draft = Boolean((args as { draft?: boolean }).draft)
  const data = (args as { data?: { _status?: unknown } }).data
  if (operation === 'create') req.context.isDraftSave = draft
  else if (operation === 'update' || operation === 'updateByID') req.context.isDraftSave = draft && data?._status !== 'published'
  else if ((operation as string) === 'restoreVersion') {
    req.context.isDraftSave = draft
    req.context.isRestoringVersion = true
  }
  return args
}

const refuse = (collection: string, path: string, message: string) => refusal(collection, [{ path, message }])

/** Runs the 错敏词 check on title, summary and body; forbidden words block, warnings need confirmation. */
// The form data of any of the three editorial collections, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function contentCheck(req: PayloadRequest, collection: string, data: Record<string, any>, original: Record<string, any> | undefined) {
  const value = (key: string) => (key in data ? data[key] : original?.[key])
  const district = relationId(value('district') as RelationValue)
  const words = await wordsForDistrict(req.payload, district, req)
  const findings = checkTexts(
    [
      { path: 'title', text: String(value('title') ?? '') },
      { path: 'summary', text: String(value('summary') ?? '') },
      { path: 'body', text: lexicalToPlainText(value('body')) },
    ],
    words,
  )
  const { blocking, warnings } = summarise(findings)
  if (blocking.length > 0) throw contentCheckRefusal(collection, blocking, { needsConfirmation: false })
  if (warnings.length > 0 && !value('confirmWarnings')) throw contentCheckRefusal(collection, warnings, { needsConfirmation: true })
}

/** Whether the item's published version is the one on the site (the collection's own row, not the newest draft). */
async function isLive(req: PayloadRequest, collection: string, id: unknown): Promise<boolean> {
  if (id === undefined || id === null) return false
  const row = await req.payload.db.findOne<{ id: number | string; _status?: string }>({
    collection: collection as CollectionSlug,
    where: { id: { equals: id } },
    req,
  })
  return row?._status === 'published'
}

export const reviewChain: CollectionBeforeChangeHook = async ({ data, originalDoc, req, collection, operation }) => {
  const user = req.user as { id: number | string; name?: string; email?: string } | null
  const slug = collection.slug
  const isDraftSave = Boolean(req.context.isDraftSave)
  const before: ReviewState = (originalDoc?.reviewState as ReviewState) ?? 'draft'
  // A restored version brings its old review state along; restoring is a content change, not a review step.
  const requested: ReviewState = req.context.isRestoringVersion ? before : ((data.reviewState as ReviewState) ?? before)
  const wasPublished = originalDoc?._status === 'published'
  const publishing = !isDraftSave && data._status === 'published'
  // `originalDoc` is the newest version: with a draft saved over a live item it says draft while the
  // item is still on the site, and a plain save of `_status: 'draft'` takes it down all the same.
  const unpublishing =
    !isDraftSave && data._status === 'draft' && (wasPublished || (operation === 'update' && (await isLive(req, slug, originalDoc?.id))))
  const editor = isAdmin(user) || hasAnyRole(user, 'district-editor')
  const log: { action: Action; state: ReviewState; note?: string }[] = []

  // Trusted server code (seed, scheduled jobs without a user) is not a person in the chain.
  if (!user) {
    if (publishing) data.reviewState = 'published'
    else if (unpublishing) data.reviewState = 'draft'
    return data
  }

  // The log is written here only: whatever a client sends as 审核记录 is replaced by the stored one.
  const previousLog = (originalDoc?.reviewLog as unknown[]) ?? []
  data.reviewLog = previousLog
  data.reviewState = requested
  // So are the creator (工作台: 我的草稿) and the rejection reason, which only a rejection writes.
  data.createdBy = operation === 'create' ? user.id : relationId(originalDoc?.createdBy as RelationValue)
  const givenReason = String(data.rejectReason ?? '').trim()
  data.rejectReason = originalDoc?.rejectReason ?? null

  if (publishing) {
    if (!editor && wasPublished && data._status === 'published' && requested === before) {
      throw refuse(
        slug,
        '_status',
        '撰稿人不能直接修改已发布的内容：请保存为草稿并提交审核 / Writers change published content as a draft, then submit it',
      )
    }
    if (!editor)
      throw refuse(slug, '_status', '撰稿人不能发布：请提交审核，由区域编辑审核后发布 / Writers cannot publish; submit for review')
    // Reviewed now or before, or an editor re-publishing edits of live content.
    const reviewed = requested === 'reviewed' || before === 'reviewed' || (before === 'published' && wasPublished)
    if (!reviewed && !isAdmin(user)) {
      throw refuse(
        slug,
        'reviewState',
        `未经审核不能发布（当前状态：${reviewStates[before].zh}）。请先审核通过再发布 / Publishing needs the review step first`,
      )
    }
    await contentCheck(req, slug, data, originalDoc)
    log.push(
      reviewed
        ? { action: 'publish', state: 'published' }
        : { action: 'override', state: 'published', note: `发布前状态：${reviewStates[before].zh}` },
    )
    data.reviewState = 'published'
  } else if (unpublishing) {
    if (!editor) throw refuse(slug, '_status', '撰稿人不能撤销发布 / Writers cannot unpublish')
    log.push({ action: 'unpublish', state: 'draft' })
    data.reviewState = 'draft'
  } else if (requested !== before) {
    const to = requested
    if (to === 'submitted' && (before === 'draft' || before === 'published')) {
      await contentCheck(req, slug, data, originalDoc)
      log.push({ action: 'submit', state: to })
    } else if (to === 'reviewed' && (before === 'submitted' || before === 'draft' || before === 'published')) {
      if (!editor) throw refuse(slug, 'reviewState', '只有区域编辑可以审核 / Only district editors can review')
      await contentCheck(req, slug, data, originalDoc)
      log.push({ action: 'approve', state: to })
    } else if (to === 'draft' && (before === 'submitted' || before === 'reviewed' || before === 'published')) {
      const ownWithdrawal = !editor && before === 'submitted'
      if (!editor && !ownWithdrawal) throw refuse(slug, 'reviewState', '只有区域编辑可以退回 / Only district editors can reject')
      if (editor && !givenReason) throw refuse(slug, 'rejectReason', '退回时请填写退回理由 / Give a reason when rejecting')
      if (!ownWithdrawal) data.rejectReason = givenReason
      log.push(ownWithdrawal ? { action: 'withdraw', state: to } : { action: 'reject', state: to, note: givenReason })
    } else {
      throw refuse(slug, 'reviewState', `不能从“${reviewStates[before].zh}”直接改为“${reviewStates[to].zh}” / Not an allowed review step`)
    }
    data.reviewState = to
  } else if (!editor && (before === 'submitted' || before === 'reviewed') && operation === 'update') {
    // A writer changing content under review voids the review.
    log.push({ action: 'reset', state: 'draft' })
    data.reviewState = 'draft'
  }

  // A reason belongs to its rejection: once the item moves on, the old one is in the log only (and
  // never stands in for a new rejection's reason, nor keeps the item in 被退回).
  if (log.some((e) => e.action !== 'reject' && e.action !== 'withdraw' && e.action !== 'reset')) data.rejectReason = null

  if (log.length > 0) {
    const at = new Date().toISOString()
    const byName = actorName(user)
    data.reviewLog = [
      ...previousLog,
      ...log.map((entry) => ({
        action: actions[entry.action],
        state: reviewStates[entry.state].zh,
        by: user.id,
        byName,
        at,
        note: entry.note,
      })),
    ]
    if (log.some((e) => e.action === 'override')) {
      req.payload.logger.warn(
        `[review] admin override: ${byName} published ${slug}/${originalDoc?.id ?? 'new'} without review (was ${reviewStates[before].zh})`,
      )
    }
  }
  return data
}
