/**
 * Processes and their memory, from Linux /proc: the benchmark reports the resident memory (RSS) of
 * the CMS server and of the build workers it did not start itself.
 */
import fs from 'node:fs'

export type ProcessInfo = { pid: number; ppid: number; pgid: number; comm: string; cmdline: string }

/** Every live process (zombies left out). */
export function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state === 'Z') continue
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
      table.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid), comm, cmdline })
    } catch {
      // the process ended while we looked
    }
  }
  return table
}

/** Resident memory of one process in MB (VmRSS), or undefined when it is gone. */
export function rssMB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024)
  } catch {
    return undefined
  }
}

/** Resident memory (kB) of a process and all its descendants. */
export function treeRssKb(root: number): number {
  const table = processTable()
  let total = 0
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()!
    total += (rssMB(pid) ?? 0) * 1024
    stack.push(...table.filter((p) => p.ppid === pid).map((p) => p.pid))
  }
  return total
}

/**
 * The process of a process group that serves requests: `next start` runs its server in a child
 * titled `next-server (v…)`; without one, the group's largest process.
 */
export function serverPid(pgid: number): number | undefined {
  const group = processTable().filter((p) => p.pgid === pgid)
  const named = group.find((p) => /^next-server/.test(p.cmdline) || /^next-server/.test(p.comm))
  if (named) return named.pid
  return group.sort((a, b) => (rssMB(b.pid) ?? 0) - (rssMB(a.pid) ?? 0))[0]?.pid
}

/** Build workers (scripts/build-sites.ts --worker) started by `parent` (default: this process). */
export const buildWorkerPids = (parent = process.pid): number[] =>
  processTable()
    .filter((p) => p.ppid === parent && /build-sites\.ts --worker/.test(p.cmdline))
    .map((p) => p.pid)
