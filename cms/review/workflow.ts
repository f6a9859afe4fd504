import { ValidationError, type CollectionBeforeChangeHook, type CollectionBeforeOperationHook, type Field, type PayloadRequest } from 'payload'

import { hasAnyRole, isAdmin, staffOfRecordField } from '../access/districtScope'
import { wordsForDistrict } from '../collections/WordLists'
import { relationId, type RelationValue } from '../fields/ids'
import { actionLogField } from '../fields/actionLog'
import { t } from '../fields/label'
import { checkTexts, lexicalToPlainText, summarise } from './contentCheck'

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
    admin: {
      position: 'sidebar',
      description: t(
        '撰稿人写完后选“待审核”；区域编辑审核后选“已审核”或退回“草稿”（需填写退回理由）；审核通过后方可发布',
        'Writers submit; editors review or reject; only reviewed content can be published',
      ),
    },
  },
  {
    name: 'rejectReason',
    access: { read: staffOfRecordField },
    type: 'textarea',
    label: t('退回理由', 'Reason for rejection'),
    admin: { position: 'sidebar', description: t('退回草稿时必填', 'Required when sending back to draft') },
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

const refuse = (collection: string, path: string, message: string) => new ValidationError({ collection, errors: [{ path, message }] })

/** Runs the 错敏词 check on title, summary and body; forbidden words block, warnings need confirmation. */
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
  if (blocking.length > 0) {
    throw new ValidationError({ collection, errors: blocking.map((f) => ({ path: f.path, message: `${f.message}（…${f.excerpt}…）` })) })
  }
  if (warnings.length > 0 && !value('confirmWarnings')) {
    throw new ValidationError({
      collection,
      errors: [
        ...warnings.map((f) => ({ path: f.path, message: `${f.message}（…${f.excerpt}…）` })),
        { path: 'confirmWarnings', message: '请核对上述提示，确认无误后勾选“已核对慎用词和格式提示”再提交' },
      ],
    })
  }
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
  const unpublishing = !isDraftSave && wasPublished && data._status === 'draft'
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

  if (publishing) {
    if (!editor && wasPublished && data._status === 'published' && requested === before) {
      throw refuse(slug, '_status', '撰稿人不能直接修改已发布的内容：请保存为草稿并提交审核 / Writers change published content as a draft, then submit it')
    }
    if (!editor) throw refuse(slug, '_status', '撰稿人不能发布：请提交审核，由区域编辑审核后发布 / Writers cannot publish; submit for review')
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
    log.push(reviewed ? { action: 'publish', state: 'published' } : { action: 'override', state: 'published', note: `发布前状态：${reviewStates[before].zh}` })
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
      const reason = String(data.rejectReason ?? '').trim()
      if (editor && !reason) throw refuse(slug, 'rejectReason', '退回时请填写退回理由 / Give a reason when rejecting')
      log.push(ownWithdrawal ? { action: 'withdraw', state: to } : { action: 'reject', state: to, note: reason })
    } else {
      throw refuse(slug, 'reviewState', `不能从“${reviewStates[before].zh}”直接改为“${reviewStates[to].zh}” / Not an allowed review step`)
    }
    data.reviewState = to
  } else if (!editor && (before === 'submitted' || before === 'reviewed') && operation === 'update') {
    // A writer changing content under review voids the review.
    log.push({ action: 'reset', state: 'draft' })
    data.reviewState = 'draft'
  }

  if (log.length > 0) {
    const at = new Date().toISOString()
    const byName = user.name || user.email || String(user.id)
    data.reviewLog = [
      ...previousLog,
      ...log.map((entry) => ({ action: actions[entry.action], state: reviewStates[entry.state].zh, by: user.id, byName, at, note: entry.note })),
    ]
    if (log.some((e) => e.action === 'override')) {
      req.payload.logger.warn(`[review] admin override: ${byName} published ${slug}/${originalDoc?.id ?? 'new'} without review (was ${reviewStates[before].zh})`)
    }
  }
  return data
}
