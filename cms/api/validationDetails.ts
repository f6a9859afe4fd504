import type { AfterErrorHook, SanitizedCollectionConfig } from 'payload'

/**
 * Field errors reach the admin's form. Payload answers a ValidationError with its field list
 * (`errors[0].data.errors`: path and message per field, which the admin puts under each field)
 * only when the error is `instanceof` its own error classes. In the built admin server the payload
 * package is bundled more than once (and minified, so class names differ too): an error thrown by
 * our hooks (the review chain, the 错敏词 check, district and upload checks) is an instance of
 * another copy, and the answer kept only the sentence — no field was marked and no finding reached
 * the editor. This puts the details back for any 400 error that carries a field list.
 *
 * Payload's own sentence is English whatever the admin's language ("The following field is
 * invalid: state", the admin's toast): it becomes 请修改以下内容: 状态：<the field's message>, with the
 * field's Chinese label (as cms/review/refusals.ts words the review chain's own refusals).
 */
type Detailed = { status?: number; message?: string; data?: { errors?: unknown } }
type FieldError = { path: string; message?: string }

const payloadsSummary = /^The following fields? (is|are) invalid/
const forToast = (text: string) => text.replace(/,/g, '，').replace(/:/g, '：')

function labelOf(collection: SanitizedCollectionConfig | undefined, path: string): string {
  const field = collection?.flattenedFields.find((f) => f.name === path.split('.')[0]) as { label?: unknown } | undefined
  const label = field?.label
  if (typeof label === 'string') return label
  if (label && typeof label === 'object' && typeof (label as { zh?: unknown }).zh === 'string') return (label as { zh: string }).zh
  return path
}

export const keepValidationDetails: AfterErrorHook = ({ collection, error, result }) => {
  const e = error as Detailed
  const fields = e?.data?.errors as FieldError[] | undefined
  if (e?.status !== 400 || !Array.isArray(fields) || !fields.every((f) => typeof f?.path === 'string')) return
  const first = (result as { errors?: { data?: unknown; message?: string }[] } | undefined)?.errors?.[0]
  if (!result) return
  let message = e.message ?? ''
  if (payloadsSummary.test(message) || payloadsSummary.test(first?.message ?? '')) {
    const items = fields.map((f) => {
      const label = labelOf(collection, f.path)
      const text = f.message ?? ''
      return forToast(text.startsWith(label) ? text : `${label}：${text}`)
    })
    message = `请修改以下内容: ${items.join(', ')}`
  } else if (first?.data) return
  return { response: { ...result, errors: [{ name: 'ValidationError', message, data: e.data }] } }
}
