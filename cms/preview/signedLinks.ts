/**
 * 预览链接: a token bound to one document and one saved version of it, valid for at most 24 h,
 * signed with PREVIEW_SECRET (HMAC-SHA256). Whoever holds the link sees exactly that version,
 * never a later one and never another document.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

import { previewLinkHours, previewSecret } from '../env'

export type PreviewGrant = { collection: string; id: string; version: string; expiresAt: number }

const sign = (payload: string) => createHmac('sha256', previewSecret()).update(payload).digest('base64url')

export function signPreviewLink(grant: Omit<PreviewGrant, 'expiresAt'>, now = Date.now()): { token: string; expiresAt: Date } {
  const expiresAt = now + previewLinkHours() * 3600_000
  const payload = Buffer.from(JSON.stringify({ c: grant.collection, i: grant.id, v: grant.version, e: expiresAt })).toString('base64url')
  return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(expiresAt) }
}

export type LinkCheck = { ok: true; grant: PreviewGrant } | { ok: false; reason: 'invalid' | 'expired' | 'other-document' }

/** Whether a token is genuine, unexpired and made for this document. */
export function checkPreviewLink(token: string, collection: string, id: string, now = Date.now()): LinkCheck {
  const [payload, signature] = token.split('.')
  if (!payload || !signature) return { ok: false, reason: 'invalid' }
  const expected = Buffer.from(sign(payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' }
  let claims: { c?: string; i?: string; v?: string; e?: number }
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (typeof claims.e !== 'number' || typeof claims.v !== 'string') return { ok: false, reason: 'invalid' }
  // A link can never outlive 24 h, whatever it says (a longer one could only come from a changed setting).
  if (claims.e <= now || claims.e - now > 24 * 3600_000 + 60_000) return { ok: false, reason: 'expired' }
  if (claims.c !== collection || claims.i !== id) return { ok: false, reason: 'other-document' }
  return { ok: true, grant: { collection, id, version: claims.v, expiresAt: claims.e } }
}
