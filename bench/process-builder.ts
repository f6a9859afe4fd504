/**
 * `processBuilder`: runs `scripts/build-sites.ts --district <slug>` as a fresh process per build —
 * the publish → live benchmark's reference for what the CMS's warm build workers save
 * (cms/publishing/buildWorkers.ts). Only the benchmark uses it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import { parsePages } from '../cms/publishing/buildOutput'
import { buildEnv, buildRoot } from '../cms/publishing/buildProcess'
import { buildTimeoutMs, type Builder, type BuildResult } from '../cms/publishing/buildTypes'

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

/** A builder running `tsx scripts/build-sites.ts --district <slug>` as a child process. */
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
