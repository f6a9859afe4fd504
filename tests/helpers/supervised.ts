/**
 * scripts/lib/supervise.ts as `npm start` uses it, over two children: one that ignores SIGTERM and
 * SIGINT, one that does not (tests/e2e/shutdown.test.ts). Prints their pids as one JSON line.
 */
import { spawn } from 'node:child_process'

import { supervise } from '../../scripts/lib/supervise'

const children = supervise({ graceMs: 7000 })
const stubborn = children.watch(
  spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.on('SIGINT', () => {}); setInterval(() => {}, 1000)"], {
    stdio: 'ignore',
  }),
)
const polite = children.watch(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }))
console.log(JSON.stringify({ stubborn: stubborn.pid, polite: polite.pid }))
setInterval(() => {}, 1000)
