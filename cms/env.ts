/**
 * Secrets, first-admin credentials and deployment settings come from the
 * environment. A deployment (APP_ENV=production) must set them: a missing or
 * short PAYLOAD_SECRET stops the start with one clear line. Everywhere else
 * (`npm start` on a laptop, tests) they fall back to printed, obviously-unsafe
 * development defaults.
 *
 * APP_ENV, not NODE_ENV: `next start` always runs with NODE_ENV=production,
 * also for the zero-set-up local product.
 */
const devSecret = 'dev-only-secret-change-me-0123456789abcdef'

/** A real deployment, as opposed to a developer's machine or CI. */
export const isDeployment = () => process.env.APP_ENV === 'production'

/** A configuration problem: start scripts print its message alone, without a stack. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const warned = new Set<string>()
function warnOnce(message: string) {
  if (warned.has(message)) return
  warned.add(message)
  console.warn(`⚠  ${message}`)
}

export function payloadSecret(): string {
  const secret = process.env.PAYLOAD_SECRET
  if (isDeployment() && (!secret || secret.length < 32 || secret === devSecret)) {
    throw new ConfigError(
      'APP_ENV=production needs PAYLOAD_SECRET: a random string of at least 32 characters (e.g. `openssl rand -hex 32`), kept out of the repository',
    )
  }
  if (secret) return secret
  warnOnce('PAYLOAD_SECRET is not set: using the development default. Set PAYLOAD_SECRET before going live.')
  return devSecret
}

/**
 * Browser origins allowed to call the API with a session cookie (CSRF) and to read it cross-origin
 * (CORS): CMS_ALLOWED_ORIGINS, comma-separated. Unset, Payload's defaults apply (same origin in
 * the admin) — a deployment must list its admin's and sites' origins.
 */
export function allowedOrigins(): string[] | undefined {
  const list = (process.env.CMS_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean)
  if (list.length) return list
  if (isDeployment())
    throw new ConfigError(
      'APP_ENV=production needs CMS_ALLOWED_ORIGINS: the admin and site origins allowed to use the API, comma-separated (e.g. https://cms.example.gov.cn)',
    )
  return undefined
}

/** Session cookies only over HTTPS in a deployment (COOKIE_SECURE=0 opts out behind a TLS-terminating proxy that rewrites, =1 forces). */
export const secureCookies = () => (process.env.COOKIE_SECURE ? process.env.COOKIE_SECURE === '1' : isDeployment())

export const defaultAdmin = { email: 'admin@example.com', password: 'dangjian-dev-2026' }

export function firstAdminCredentials(): { email: string; password: string; fromEnv: boolean } {
  const email = process.env.ADMIN_EMAIL
  const password = process.env.ADMIN_PASSWORD
  if (email && password) return { email, password, fromEnv: true }
  if (isDeployment()) throw new ConfigError('APP_ENV=production needs ADMIN_EMAIL and ADMIN_PASSWORD for the first administrator')
  return { ...defaultAdmin, fromEnv: false }
}

const devPreviewSecret = 'dev-only-preview-secret-change-me-0123456789'

/** Signs 预览链接 (cms/preview/signedLinks.ts): PREVIEW_SECRET, its own secret so a leak of one does not forge the other. */
export function previewSecret(): string {
  const secret = process.env.PREVIEW_SECRET
  if (isDeployment() && (!secret || secret.length < 32 || secret === devPreviewSecret)) {
    throw new ConfigError(
      'APP_ENV=production needs PREVIEW_SECRET: a random string of at least 32 characters (e.g. `openssl rand -hex 32`), signing preview links',
    )
  }
  if (secret) return secret
  warnOnce('PREVIEW_SECRET is not set: preview links are signed with the development default. Set PREVIEW_SECRET before going live.')
  return devPreviewSecret
}

/** How long a 预览链接 lives: PREVIEW_LINK_HOURS, 24 at most (the default). */
export function previewLinkHours(): number {
  const hours = Number(process.env.PREVIEW_LINK_HOURS)
  return Number.isFinite(hours) && hours > 0 ? Math.min(hours, 24) : 24
}
