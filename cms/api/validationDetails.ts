import type { AfterErrorHook } from 'payload'

/**
 * Field errors reach the admin's form. Payload answers a ValidationError with its field list
 * (`errors[0].data.errors`: path and message per field, which the admin puts under each field)
 * only when the error is `instanceof` its own error classes. In the built admin server the payload
 * package is bundled more than once (and minified, so class names differ too): an error thrown by
 * our hooks (the review chain, the 错敏词 check, district and upload checks) is an instance of
 * another copy, and the answer kept only the sentence — no field was marked and no finding reached
 * the editor. This puts the details back for any 400 error that carries a field list.
 */
type Detailed = { status?: number; message?: string; data?: { errors?: unknown } }

export const keepValidationDetails: AfterErrorHook = ({ error, result }) => {
  const e = error as Detailed
  const fields = e?.data?.errors
  if (e?.status !== 400 || !Array.isArray(fields) || !fields.every((f) => typeof f?.path === 'string')) return
  const first = (result as { errors?: { data?: unknown }[] } | undefined)?.errors?.[0]
  if (!result || first?.data) return
  return { response: { ...result, errors: [{ name: 'ValidationError', message: e.message ?? '', data: e.data }] } as never }
}
