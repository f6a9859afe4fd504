/**
 * Builds of different districts run in parallel processes, but Astro's content
 * sync writes shared files in the project's `.astro/` folder (content-assets.mjs,
 * content-modules.mjs, types) through one temporary name: two syncs at once made
 * one build fail with ENOENT on `content-assets.mjs.tmp`. This integration holds a
 * lock across processes from the end of configuration until the build proper
 * starts — exactly the sync — so syncs take turns and the rest runs in parallel.
 *
 * The lock is a directory (mkdir is atomic) holding the owner's pid; a lock whose
 * owner died is taken over. scripts/lib/site-build.ts releases it after a build
 * that failed during the sync.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { AstroIntegration } from 'astro'

const releaseKey = Symbol.for('dangjian.site-build.releaseSyncLock')

/** Whether a process still runs (EPERM: it does, as another user). */
export const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function acquire(lockDir: string): Promise<() => void> {
  const owner = path.join(lockDir, 'pid')
  const release = () => {
    try {
      if (Number(fs.readFileSync(owner, 'utf8')) === process.pid) fs.rmSync(lockDir, { recursive: true, force: true })
    } catch {
      // already released
    }
  }
  fs.mkdirSync(path.dirname(lockDir), { recursive: true })
  for (const started = Date.now(); ;) {
    try {
      fs.mkdirSync(lockDir)
      fs.writeFileSync(owner, String(process.pid))
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let holder = 0
    try {
      holder = Number(fs.readFileSync(owner, 'utf8')) || 0
    } catch {
      // just released, or its owner has not written its pid yet
    }
    // Dead owner, an owner killed between making the lock and writing its pid (no pid after 5 s),
    // or a lock held far longer than any sync: take it over.
    const ownerless = !holder && Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 5000
    if ((holder && !processAlive(holder)) || ownerless || Date.now() - started > 10 * 60_000)
      fs.rmSync(lockDir, { recursive: true, force: true })
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export function contentSyncLock(): AstroIntegration {
  let release: (() => void) | undefined
  let building = false
  const done = () => {
    release?.()
    release = undefined
  }
  return {
    name: 'content-sync-lock',
    hooks: {
      // Only builds: `astro dev` syncs too but never reaches astro:build:start to let go.
      'astro:config:setup': ({ command }) => {
        building = command === 'build'
      },
      'astro:config:done': async ({ config }) => {
        if (!building) return
        release = await acquire(path.join(fileURLToPath(new URL('.astro/', config.root)), 'sync.lock'))
        ;(globalThis as Record<symbol, unknown>)[releaseKey] = done
      },
      'astro:build:start': () => done(),
    },
  }
}

/** Releases the lock if this process still holds it (a build that failed during its sync). */
export function releaseSyncLock() {
  ;(globalThis as Record<symbol, (() => void) | undefined>)[releaseKey]?.()
}
