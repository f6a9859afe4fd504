/** The soak's starting point (bench/soak.ts): its own copy of the dataset, and the users who save. */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import Database from 'libsql'

import { repoRoot } from '../shared/paths'

export const password = 'soak-bench-password-1'

/** Copies the dataset's database (its media are only read: shared) to a folder of its own. */
export function prepareData(sourceDir: string, workDir: string, log: (line: string) => void) {
  if (!fs.existsSync(path.join(sourceDir, 'cms.db'))) {
    log(`  no dataset in ${path.relative(repoRoot, sourceDir)}/: generating the quick one …`)
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const generated = spawnSync(process.execPath, [tsx, 'bench/generate.ts', '--quick', '--out', sourceDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (generated.status !== 0) throw new Error('generating the quick dataset failed')
  }
  fs.rmSync(workDir, { recursive: true, force: true })
  fs.mkdirSync(workDir, { recursive: true })
  // Through SQLite, not a file copy: the dataset may be open (its write-ahead log not yet folded in).
  const source = new Database(path.join(sourceDir, 'cms.db'), { readonly: true })
  try {
    source.exec(`VACUUM INTO '${path.join(workDir, 'cms.db').replaceAll("'", "''")}'`)
  } finally {
    source.close()
  }
}

/** An admin and one district editor for each of `count` 街道/镇, as the seed would (Local API). */
export async function prepareUsers(count: number, avoid: string[]) {
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  const payload = await getPayload({ config })
  try {
    const { docs } = await payload.find({
      collection: 'districts',
      where: { parent: { exists: true } },
      depth: 0,
      pagination: false,
      sort: 'id',
      overrideAccess: true,
    })
    const districts = docs
      .filter((d) => !d.slug || !avoid.includes(d.slug))
      .slice(0, count)
      .map((d) => ({ id: d.id as number, name: d.name as string }))
    const users: { email: string; districts: typeof districts; editor: boolean }[] = [
      { email: 'soak-admin@soak.test', districts, editor: false },
    ]
    for (const [i, d] of districts.entries()) users.push({ email: `soak-editor-${i}@soak.test`, districts: [d], editor: true })
    for (const user of users) {
      const roles = user.editor ? ['district-editor'] : ['admin']
      await payload.create({
        collection: 'users',
        data: { email: user.email, password, name: user.email.split('@')[0], roles, districts: user.districts.map((d) => d.id) } as never,
        overrideAccess: true,
      })
    }
    return users
  } finally {
    await payload.destroy()
  }
}
