/**
 * Where and how a site build runs as a process: the build-sites script's folder and the environment
 * a build child gets (the warm workers of ./buildWorkers.ts; bench/process-builder.ts too).
 */
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../../shared/paths'

/** The folder that holds scripts/build-sites.ts: the repo root, or (if a bundler moved this module) the nearest one above the cwd. */
export function buildRoot(): string {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'scripts', 'build-sites.ts'))
  if (has(repoRoot)) return repoRoot
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (has(dir)) return dir
    if (path.dirname(dir) === dir) return repoRoot
  }
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
