import { spawn } from 'node:child_process'

import { repoRoot } from '../../shared/paths'

/** This process's environment as a developer's shell has it: without vitest's NODE_ENV=test and VITEST* variables. */
export function shellEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && key !== 'TEST'),
  )
  return { ...env, ...extra } as unknown as NodeJS.ProcessEnv
}

/**
 * Runs `scripts/build-sites.ts` as a real process into `outDir` — every district, or the given ones
 * one after another — against this process's DATABASE_URI and MEDIA_DIR (release the test's own
 * Payload first if the build must see its last writes). Resolves with the output; throws with its
 * tail when a build fails or runs past `timeoutMs`.
 */
export async function buildSites(
  outDir: string,
  {
    districts,
    env = {},
    timeoutMs = 10 * 60_000,
  }: { districts?: string[]; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<string> {
  let all = ''
  for (const args of districts ? districts.map((d) => ['--district', d]) : [[]]) {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('npx', ['tsx', 'scripts/build-sites.ts', ...args], {
        cwd: repoRoot,
        env: shellEnv({ SITES_OUT_DIR: outDir, ...env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let text = ''
      child.stdout.on('data', (chunk) => (text += chunk))
      child.stderr.on('data', (chunk) => (text += chunk))
      const timer = setTimeout(() => {
        text += `\n[test] killed after ${timeoutMs} ms\n`
        child.kill('SIGKILL')
      }, timeoutMs)
      child.on('close', (exit) => {
        clearTimeout(timer)
        resolve({ code: exit, output: text })
      })
    })
    all += output
    if (code !== 0) throw new Error(`scripts/build-sites.ts ${args.join(' ')} exited with ${code}; last output:\n${output.slice(-6000)}`)
  }
  return all
}
