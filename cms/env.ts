/**
 * Secrets and first-admin credentials come from the environment. In
 * development they fall back to printed, obviously-unsafe defaults; in
 * production a missing secret stops the start with a clear message.
 */
const devSecret = 'dev-only-secret-change-me-0123456789abcdef'

export const isProduction = process.env.NODE_ENV === 'production' && process.env.PAYLOAD_ALLOW_DEV_SECRET !== 'true'

const warned = new Set<string>()
function warnOnce(message: string) {
  if (warned.has(message)) return
  warned.add(message)
  console.warn(`⚠  ${message}`)
}

export function payloadSecret(): string {
  const secret = process.env.PAYLOAD_SECRET
  if (secret) return secret
  warnOnce('PAYLOAD_SECRET is not set: using the development default. Set PAYLOAD_SECRET before going live.')
  return devSecret
}

export const defaultAdmin = { email: 'admin@example.com', password: 'dangjian-dev-2026' }

export function firstAdminCredentials(): { email: string; password: string; fromEnv: boolean } {
  const email = process.env.ADMIN_EMAIL
  const password = process.env.ADMIN_PASSWORD
  if (email && password) return { email, password, fromEnv: true }
  return { ...defaultAdmin, fromEnv: false }
}
