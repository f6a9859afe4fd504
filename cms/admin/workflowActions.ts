/**
 * Which review-chain buttons a user sees on an item (the edit view's WorkflowButtons). A hint
 * only: the server rules in cms/review/workflow.ts decide every step, and these mirror them so
 * that a button the server would refuse is not shown in the first place.
 */
export type WorkflowRole = 'admin' | 'editor' | 'writer' | 'none'
export type WorkflowAction = 'submit' | 'withdraw' | 'approve' | 'reject' | 'publish' | 'unpublish'
export type ReviewStateValue = 'draft' | 'submitted' | 'reviewed' | 'published'

export const reviewStateLabels: Record<ReviewStateValue, string> = {
  draft: '草稿',
  submitted: '待审核',
  reviewed: '已审核',
  published: '已发布',
}

export const actionLabels: Record<WorkflowAction, string> = {
  submit: '提交审核',
  withdraw: '撤回',
  approve: '审核通过',
  reject: '退回',
  publish: '发布',
  unpublish: '撤销发布',
}

/** What the toast says after each step went through. */
export const actionDone: Record<WorkflowAction, string> = {
  submit: '已提交审核，等待区域编辑审核',
  withdraw: '已撤回提交，内容回到草稿',
  approve: '审核通过，现在可以发布',
  reject: '已退回修改，撰稿人会看到退回理由',
  publish: '已发布，网站将在几秒内更新',
  unpublish: '已撤销发布，网站将在几秒内撤下此内容',
}

type RoleUser = { roles?: string[] | null } | null | undefined

export function workflowRole(user: RoleUser): WorkflowRole {
  const roles = user?.roles ?? []
  if (roles.includes('admin')) return 'admin'
  if (roles.includes('district-editor')) return 'editor'
  if (roles.includes('writer')) return 'writer'
  return 'none'
}

export type ItemState = {
  /** Not saved yet. */
  isNew: boolean
  reviewState: ReviewStateValue
  /** The newest version is the published one (no draft saved over it). */
  latestIsPublished: boolean
  /** A published version is live. */
  hasPublishedDoc: boolean
}

export function workflowActions(role: WorkflowRole, item: ItemState): WorkflowAction[] {
  if (role === 'none') return []
  const { reviewState: state } = item
  const live = item.hasPublishedDoc && !item.isNew
  if (role === 'writer') {
    if (item.isNew || state === 'draft') return ['submit']
    if (state === 'submitted') return ['withdraw']
    // Changes to a live item are saved as drafts, then submitted like new content.
    if (state === 'published' && !item.latestIsPublished) return ['submit']
    return []
  }
  const actions: WorkflowAction[] = []
  if (state === 'reviewed') actions.push('publish', 'reject')
  else if (state === 'submitted') actions.push('approve', 'reject')
  else if (state === 'draft' || item.isNew) actions.push('approve')
  // Live and unchanged since: edits made here are published directly; a draft saved over it is reviewed first.
  else if (item.latestIsPublished) actions.push('publish')
  else actions.push('approve')
  // An admin may publish without review (logged as an override).
  if (role === 'admin' && !actions.includes('publish')) actions.push('publish')
  if (live) actions.push('unpublish')
  return actions
}
