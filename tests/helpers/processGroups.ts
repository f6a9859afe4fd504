import type { ChildProcess } from 'node:child_process'

/** SIGKILLs the process group of every child a test started detached (servers and their workers). */
export function killProcessGroups(children: ChildProcess[]): void {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}
