/**
 * Where and how a site build runs as a process: the build-sites script's folder, the environment a
 * build child gets, and `processBuilder`, which runs `scripts/build-sites.ts --district <slug>` as a
 * fresh process per build (the benchmark's reference; the CMS uses the warm workers of
 * ./buildWorkers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../../shared/paths'
import { parsePages } from './buildOutput'
import { buildTimeoutMs, type Builder, type BuildResult } from './buildTypes'

/** The folder that holds scripts/build-sites.ts: the repo root, or (if a bundler moved this module) the nearest one above the cwd. */
export function buildRoot(): string {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'scripts', 'build-sites.ts'))
  if (has(repoRoot)) return repoRoot
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (has(dir)) return dir
    if (path.dirname(dir) === dir) return repoRoot
  }
}

export interface ProcessBuilderOptions {
  /** Command and arguments; default `<this node> tsx/dist/cli.mjs scripts/build-sites.ts --district <slug>`. */
  command?: (districtSlug: string) => { command: string; args: string[] }
  cwd?: string
  /** Base environment; default process.env (without test-runner variables), with NODE_ENV=production. */
  env?: NodeJS.ProcessEnv
  /** Kill the build after this long; default SITE_REBUILD_TIMEOUT_MS or 15 min. */
  timeoutMs?: number
  /** Keep at most this much output in memory; default 256 KiB. */
  maxOutputBytes?: number
}

/** Vite's own import.meta.env names: a test runner puts BASE_URL=/ … into process.env, which would override Astro's `base`. */
export const viteEnvKeys = ['TEST', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']

/** The environment a build child gets: the server's, minus test-runner variables, as a production build. */
export function buildEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // They never mean anything to a site build, so they are always dropped.
  const viteKeys = new Set(viteEnvKeys)
  const env: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(base)) {
    if (key === 'NODE_ENV' || key.startsWith('VITEST') || viteKeys.has(key)) continue
    env[key] = value
  }
  // A production build: no dev schema push from the child, production React in islands.
  env.NODE_ENV = 'production'
  // Builds only read the database; the CMS owns the schema (see cms/database.ts).
  env.PAYLOAD_DB_PUSH = '0'
  env.ASTRO_TELEMETRY_DISABLED = '1'
  return env as NodeJS.ProcessEnv
}

/** The default builder: `tsx scripts/build-sites.ts --district <slug>` as a child process. */
export function processBuilder(options: ProcessBuilderOptions = {}): Builder {
  const timeoutMs = options.timeoutMs ?? buildTimeoutMs()
  const running = new Set<ChildProcess>()
  const maxOutput = options.maxOutputBytes ?? 256 * 1024
  const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
    try {
      if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal)
      else child.kill(signal)
    } catch {
      // already gone
    }
  }
  const builder: Builder = (slug) =>
    new Promise<BuildResult>((resolve) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
        resolve({ ok: false, output: `Refusing to build district "${slug}": not a valid slug` })
        return
      }
      // The same Node binary as this process, running tsx's CLI directly: going through npx
      // costs about a second per build, and a bare `tsx` could pick up an older system Node.
      const { command, args } = options.command?.(slug) ?? {
        command: process.execPath,
        args: [path.join(buildRoot(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-sites.ts', '--district', slug],
      }
      let output = ''
      const append = (chunk: Buffer | string) => {
        output += chunk.toString()
        if (output.length > maxOutput) output = output.slice(-maxOutput)
      }
      let child: ReturnType<typeof spawn>
      try {
        child = spawn(command, args, {
          cwd: options.cwd ?? buildRoot(),
          env: options.env ?? buildEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
          // Own process group, so a timeout can stop npx, tsx, astro and their children together.
          detached: process.platform !== 'win32',
        })
      } catch (error) {
        resolve({ ok: false, output: `Could not start ${command}: ${(error as Error).message}` })
        return
      }
      running.add(child)
      const kill = (signal: NodeJS.Signals) => killGroup(child, signal)
      let timedOut = false
      let forceKill: NodeJS.Timeout | undefined
      const timer = setTimeout(() => {
        timedOut = true
        append(`\n[rebuild] build of ${slug} killed after ${timeoutMs} ms\n`)
        kill('SIGTERM')
        forceKill = setTimeout(() => kill('SIGKILL'), 5000)
        forceKill.unref()
      }, timeoutMs)
      timer.unref()
      child.stdout?.on('data', append)
      child.stderr?.on('data', append)
      let settled = false
      const finish = (ok: boolean, lost = false) => {
        if (settled) return
        settled = true
        running.delete(child)
        clearTimeout(timer)
        if (forceKill && ok) clearTimeout(forceKill)
        resolve({ ok, output, pages: ok ? parsePages(output, slug) : undefined, workerLost: !ok && lost })
      }
      child.on('error', (error) => {
        append(`\n[rebuild] could not run ${command}: ${error.message}\n`)
        finish(false)
      })
      child.on('close', (code, signal) => {
        if (code !== 0 && !timedOut) append(`\n[rebuild] ${command} ${args.join(' ')} exited with ${code ?? signal}\n`)
        finish(code === 0 && !timedOut, timedOut || signal !== null)
      })
    })
  builder.kill = async () => {
    for (const child of running) killGroup(child, 'SIGKILL')
  }
  return builder
}

