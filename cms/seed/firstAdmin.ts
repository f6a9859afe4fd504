import type { Payload } from 'payload'

import { firstAdminCredentials } from '../env'

/** Creates the first administrator when the database has no users yet. Returns what it did, for the start banner. */
export async function ensureFirstAdmin(
  payload: Payload,
): Promise<{ created: boolean; email: string; password?: string; fromEnv: boolean }> {
  const { email, password, fromEnv } = firstAdminCredentials()
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  if (totalDocs > 0) return { created: false, email, fromEnv }
  await payload.create({
    collection: 'users',
    data: { email, password, name: '系统管理员', roles: ['admin'] },
    overrideAccess: true,
  })
  return { created: true, email, password: fromEnv ? undefined : password, fromEnv }
}
