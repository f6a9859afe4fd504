import { ValidationError } from 'payload'

import type { Finding } from './contentCheck'

/**
 * Refusals of the review chain in Chinese, on the field they concern. Payload's ValidationError
 * says "The following fields are invalid (2): title, confirmWarnings" in English whatever the
 * admin's language; the admin shows that sentence as its toast and the field messages under the
 * fields. So the sentence is ours: `请修改以下内容: 标题：…, 已核对…：…`. The admin's toast splits it
 * at the first ':' and at ',' into a list, which is why those two ASCII marks appear only there.
 */
const fieldLabels: Record<string, string> = {
  title: '标题',
  summary: '摘要',
  body: '正文',
  reviewState: '审核状态',
  rejectReason: '退回理由',
  confirmWarnings: '已核对慎用词和格式提示',
  _status: '发布',
}
export const fieldLabel = (path: string) => fieldLabels[path] ?? path

export type Refusal = { path: string; message: string }

/** One finding of the 错敏词 check as the REST error carries it (`errors[0].data.findings`). */
export type FindingReport = {
  path: string
  /** The field's Chinese label. */
  field: string
  level: Finding['level']
  /** The listed word, for word-list findings. */
  word?: string
  /** 1-based character position in the field's plain text (第N个字). */
  position: number
  excerpt: string
  message: string
}

const forToast = (text: string) => text.replace(/,/g, '，').replace(/:/g, '：')

export function refusal(collection: string, errors: Refusal[], extra: Record<string, unknown> = {}): ValidationError {
  const error = new ValidationError({ collection, errors })
  const items = errors.map((e) => forToast(`${fieldLabel(e.path)}：${e.message}`))
  error.message = `请修改以下内容: ${items.join(', ')}`
  Object.assign(error.data as object, extra)
  return error
}

export function reportFindings(findings: Finding[]): FindingReport[] {
  return findings.map((f) => ({
    path: f.path,
    field: fieldLabel(f.path),
    level: f.level,
    ...(f.rule.startsWith('word:') ? { word: f.rule.slice('word:'.length) } : {}),
    position: f.index + 1,
    excerpt: f.excerpt,
    message: f.message,
  }))
}

/**
 * The 错敏词 check's refusal: forbidden words block; warnings (慎用词, error patterns) until 已核对 is
 * ticked. Each finding is an error on its field (`第3个字处发现慎用词“…”（…excerpt…）`) and an entry
 * in `data.findings` with the word, field and position.
 */
export function contentCheckRefusal(collection: string, findings: Finding[], { needsConfirmation }: { needsConfirmation: boolean }) {
  const errors: Refusal[] = findings.map((f) => ({ path: f.path, message: `${f.message}（…${f.excerpt}…）` }))
  if (needsConfirmation) errors.push({ path: 'confirmWarnings', message: '请核对上述提示，确认无误后勾选“已核对慎用词和格式提示”再提交' })
  return refusal(collection, errors, { findings: reportFindings(findings) })
}
