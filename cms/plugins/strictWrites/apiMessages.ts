import type { AfterErrorHook } from 'payload'

type ErrorBody = { errors?: { name?: string; message?: string; data?: { errors?: { path?: string; message?: string }[] } }[] }

/** Payload's own sentence (zh or en, one field or several); our refusals (文件：…, 请修改以下内容…) are kept. */
const payloadsSentence = /^(下面的字段是无效的|以下字段是无效的|The following fields? (is|are) invalid)/

/**
 * Payload's own field errors (required, too long, its validators) say "下面的字段是无效的： 类型" with
 * the admin's labels. For API clients — any request not carrying the admin's session cookie — the
 * message lists the API paths with each field's reason instead: `请修改以下内容: kind：该字段为必填项。 /
 * Invalid fields: kind`. The admin keeps Payload's wording: it marks each field itself.
 */
export const nameApiPaths: AfterErrorHook = ({ req, result }) => {
  const body = result as ErrorBody | undefined
  const first = body?.errors?.[0]
  const fields = first?.data?.errors
  if (!first || !Array.isArray(fields) || fields.length === 0 || !payloadsSentence.test(first.message ?? '')) return
  if ((req.headers.get('cookie') ?? '').includes('payload-token=')) return
  const list = fields.map(
    (f) =>
      `${f.path}：${String(f.message ?? '')
        .replace(/,/g, '，')
        .replace(/:/g, '：')}`,
  )
  const message = `请修改以下内容: ${list.join(', ')} / Invalid fields: ${fields.map((f) => f.path).join(', ')}`
  return { response: { ...body, errors: [{ ...first, message }, ...body!.errors!.slice(1)] } }
}
