/** Running one benchmark step's CLI in its own child process (bench/run.ts): time, output and peak memory. */
import { spawn } from 'node:child_process'

import { repoRoot } from '../shared/paths'
import { treeRssKb } from './procs'

export type Measured = { code: number; output: string; seconds: number; peakRssMB: number }
export type Measure = (command: string[], env?: Record<string, string>, echo?: RegExp) => Promise<Measured>

/** Runs an npm-installed CLI through this Node, timing it and sampling its process tree's memory;
 *  output lines matching `echo` are shown as they come. */
export const measure: Measure = (command, env = {}, echo) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, command, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const take = (chunk: Buffer) => {
      output += chunk
      if (echo)
        process.stdout.write(
          chunk
            .toString()
            .split('\n')
            .filter((l) => echo.test(l))
            .map((l) => `  ${l}\n`)
            .join(''),
        )
    }
    child.stdout.on('data', take)
    child.stderr.on('data', (chunk) => (output += chunk))
    let peak = 0
    const sampler = setInterval(() => child.pid && (peak = Math.max(peak, treeRssKb(child.pid))), 200)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(sampler)
      resolve({ code: code ?? 1, output, seconds: (performance.now() - t0) / 1000, peakRssMB: Math.round(peak / 1024) })
    })
  })

/** The error for a step whose process exited badly, with the end of its output. */
export const failedOutput = (what: string, m: Measured) => new Error(`${what} exited with ${m.code}:\n${m.output.slice(-3000)}`)
