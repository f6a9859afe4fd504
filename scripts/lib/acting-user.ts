import type { Payload } from 'payload'

import { ensureFirstAdmin } from '../../cms/seed/firstAdmin'

/**
 * The account an import or export acts as (its access applies): `--as <email>`, else the first
 * administrator. An empty database gets its first administrator first, as `npm start` would.
 */
export async function actingUser(payload: Payload, args: string[]): Promise<Record<string, any>> {
  const at = args.indexOf('--as')
  const email = at >= 0 ? args[at + 1] : undefined
  if (!email) {
    const first = await ensureFirstAdmin(payload)
    if (first.created) console.log(`First admin created: ${first.email}${first.password ? ` / ${first.password}` : ''}`)
  }
  const { docs } = await payload.find({
    collection: 'users',
    where: email ? { email: { equals: email } } : { roles: { contains: 'admin' } },
    sort: 'id',
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  if (!docs[0]) {
    console.error(`错误：--as 没有找到用户 ${email} / Error: --as: no user ${email}`)
    process.exit(2)
  }
  return docs[0] as Record<string, any>
}

/** The positional argument (file or folder), skipping options and their values. */
export function positional(args: string[], withValue = ['--as']): string | undefined {
  return args.find((arg, i) => !arg.startsWith('--') && !withValue.includes(args[i - 1] ?? ''))
}
