/**
 * The admin (Next) build: `next build cms` when there is none yet or when the
 * CMS or shared sources changed after it. Used by `npm start` and the benchmark.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../../shared/paths'

const cmsDir = path.join(repoRoot, 'cms')

/** Newest modification time under a folder, ignoring build output. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.next' || entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

export function adminBuildIsStale(): boolean {
  const buildId = path.join(cmsDir, '.next', 'BUILD_ID')
  return !fs.existsSync(buildId) || Math.max(newestMtime(cmsDir), newestMtime(path.join(repoRoot, 'shared'))) > fs.statSync(buildId).mtimeMs
}

/** Builds the admin if it is stale; throws when the build fails. */
export function ensureAdminBuilt(log: (line: string) => void = console.log): void {
  if (!adminBuildIsStale()) return
  log('Building the admin (next build, about a minute) …')
  const result = spawnSync('next', ['build', 'cms'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: repoRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (result.status !== 0) throw new Error('the admin build (next build cms) failed; see the output above')
}

/**
 * The same without blocking this process, so `npm start` stays stoppable while the admin builds:
 * `watch` gets the build's process (scripts/lib/supervise.ts stops it with the rest).
 */
export async function ensureAdminBuiltAsync(
  log: (line: string) => void = console.log,
  watch: (child: ChildProcess) => ChildProcess = (c) => c,
): Promise<void> {
  if (!adminBuildIsStale()) return
  log('Building the admin (next build, about a minute) …')
  const child = watch(
    spawn('next', ['build', 'cms'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    }),
  )
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error('the admin build (next build cms) failed; see the output above')
}
