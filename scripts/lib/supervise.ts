/**
 * How `npm start` (scripts/start.ts) stops: SIGINT (Ctrl-C) or SIGTERM (a service manager) is
 * passed on to every child it started — the site build, the admin build, the CMS server — and
 * `onStop` (closing the static server) runs. A child still running after `graceMs` is killed with
 * SIGKILL; this process exits as soon as its children are gone, and at most `graceMs` + 1 s after
 * the signal whatever they do. A second signal kills the children at once. The same stop happens
 * when the process that launched this one (npm and its shell) goes away without passing it on.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'

export interface Supervisor {
  /** Stops `child` with the rest; returns it. */
  watch: <T extends ChildProcess>(child: T) => T
  /** Resolves with the child's exit code (null when a signal ended it). */
  exited: (child: ChildProcess) => Promise<number | null>
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** The parent of `pid` (Linux /proc), or undefined. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined
  } catch {
    return undefined
  }
}

/**
 * Calls `stop` when whoever launched this process goes away without passing a signal on: a service
 * manager stopping `npm start` by npm's pid alone ends npm and its shell, and the shell does not
 * forward the signal — tsx and this script kept running. Checked every second.
 */
function stopWhenLauncherGoes(stop: () => void) {
  const parent = process.ppid
  const launcher = parentOf(parent)
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM'
    }
  }
  setInterval(() => {
    if (parentOf(process.pid) !== parent || (launcher !== undefined && launcher > 1 && !alive(launcher))) stop()
  }, 1000).unref()
}

export function supervise({ graceMs = 7000, onStop }: { graceMs?: number; onStop?: () => Promise<unknown> | unknown } = {}): Supervisor {
  const children = new Set<ChildProcess>()
  let stopping = false
  const signalAll = (signal: NodeJS.Signals) => {
    for (const child of children) {
      try {
        if (running(child)) child.kill(signal)
      } catch {
        // gone meanwhile
      }
    }
  }
  const stop = (signal: NodeJS.Signals, why = signal as string) => {
    const code = signal === 'SIGINT' ? 130 : 143
    if (stopping) {
      signalAll('SIGKILL')
      process.exit(code)
    }
    stopping = true
    console.log(`\n${why}: stopping (at most ${Math.round(graceMs / 1000) + 1} s) …`)
    signalAll(signal)
    setTimeout(() => {
      const left = [...children].filter(running)
      if (left.length) console.error(`Still running after ${graceMs} ms, killed: ${left.map((c) => c.pid).join(', ')}`)
      signalAll('SIGKILL')
    }, graceMs).unref()
    setTimeout(() => process.exit(code), graceMs + 1000).unref()
    const gone = [...children].map((child) => (running(child) ? new Promise((resolve) => child.once('exit', resolve)) : undefined))
    void Promise.allSettled([...gone, Promise.resolve().then(onStop)]).then(() => process.exit(code))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  stopWhenLauncherGoes(() => !stopping && stop('SIGTERM', 'the process that started this one is gone'))
  return {
    watch: (child) => {
      children.add(child)
      child.once('exit', () => children.delete(child))
      if (stopping) child.kill('SIGKILL') // started while stopping: not wanted any more
      return child
    },
    exited: (child) =>
      running(child) ? new Promise((resolve) => child.once('exit', (code) => resolve(code))) : Promise.resolve(child.exitCode),
  }
}
