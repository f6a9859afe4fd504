import type { Payload } from 'payload'

import { ensureFirstAdmin } from '../../cms/seed/firstAdmin'
import type { User } from '../../cms/payload-types'

/**
 * The account an import or export acts as (its access applies): `--as <email>`, else the first
 * administrator. An empty database gets its first administrator first, as `npm start` would —
 * except in a dry run, which writes nothing.
 */
export async function actingUser(payload: Payload, args: string[]): Promise<User> {
  const at = args.indexOf('--as')
  const email = at >= 0 ? args[at + 1] : undefined
  if (!email && args.includes('--dry-run') && (await payload.count({ collection: 'users', overrideAccess: true })).totalDocs === 0) {
    console.error(
      '错误：数据库中还没有用户，试运行需要以一个账号的权限检查；请先运行 npm start（创建第一个管理员），或直接导入 / Error: no users yet: a dry run needs an account',
    )
    process.exit(2)
  }
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
  return docs[0]
}

/** The positional argument (file or folder), skipping options and their values. */
export function positional(args: string[], withValue = ['--as']): string | undefined {
  return args.find((arg, i) => !arg.startsWith('--') && !withValue.includes(args[i - 1] ?? ''))
}
