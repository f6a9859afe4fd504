import type { Payload, SanitizedConfig } from 'payload'

import { restClient } from './rest'
import { minhangAndXinhong } from './fixtures'

export type Role = 'admin' | 'editor' | 'writer'

/**
 * The review chain's cast: 闵行区 with 新虹街道 below it, an admin, a 闵行区 district editor and a
 * 新虹街道 writer — each a stored user (named after the role) with a signed-in REST client.
 */
export async function reviewCast(payload: Payload, config: SanitizedConfig, mail: string) {
  const { minhang, xinhong } = await minhangAndXinhong(payload)
  const accounts: Record<Role, { roles: string[]; districts: number[] }> = {
    admin: { roles: ['admin'], districts: [] },
    editor: { roles: ['district-editor'], districts: [minhang] },
    writer: { roles: ['writer'], districts: [xinhong] },
  }
  const users = {} as Record<Role, any>
  const as = {} as Record<Role, ReturnType<typeof restClient>>
  const tokens = {} as Record<Role, string>
  for (const [role, account] of Object.entries(accounts) as [Role, (typeof accounts)[Role]][]) {
    const email = `${role}@${mail}`
    users[role] = await payload.create({
      collection: 'users',
      data: { ...account, email, name: `${role}-name`, password: 'review-password-1' } as never,
    })
    as[role] = restClient(config)
    tokens[role] = (await as[role].login(email, 'review-password-1')).body.token
  }
  return { minhang, xinhong, users, as, tokens }
}
