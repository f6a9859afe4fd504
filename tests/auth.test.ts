/**
 * Sign-in hardening: repeated failed logins lock the account (also against
 * the right password until the lock expires), session cookies are Secure in a
 * deployment, and a deployment (APP_ENV=production) refuses to start without
 * a real PAYLOAD_SECRET, allowed origins or first-admin credentials — one
 * clear line each, checked as real processes.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { secureCookies } from '../cms/env'
import { repoRoot } from '../shared/paths'
import { adminUser } from './helpers/fixtures'
import { startTestCms, type TestCms } from './helpers/payload'

let cms: TestCms
beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
}, 120_000)
afterAll(async () => cms?.cleanup())

describe('login lockout', () => {
  it('locks an account after 5 failed attempts, so even the right password is refused', async () => {
    const login = (password: string) => cms.payload.login({ collection: 'users', data: { email: adminUser.email, password } })
    await expect(login(adminUser.password)).resolves.toMatchObject({ user: { email: adminUser.email } })
    for (let i = 0; i < 5; i++) await expect(login(`wrong-${i}`)).rejects.toMatchObject({ status: 401 })
    await expect(login(adminUser.password)).rejects.toThrow(/锁定|locked/i) // the admin speaks Chinese by default
    const [user] = (await cms.payload.find({ collection: 'users', where: { email: { equals: adminUser.email } }, showHiddenFields: true })).docs
    expect(Date.parse((user as { lockUntil?: string }).lockUntil ?? '')).toBeGreaterThan(Date.now())
  })
})

describe('deployment settings', () => {
  it('session cookies are Secure in a deployment and not on a developer machine', () => {
    const saved = { APP_ENV: process.env.APP_ENV, COOKIE_SECURE: process.env.COOKIE_SECURE }
    try {
      delete process.env.COOKIE_SECURE
      delete process.env.APP_ENV
      expect(secureCookies()).toBe(false)
      process.env.APP_ENV = 'production'
      expect(secureCookies()).toBe(true)
      process.env.COOKIE_SECURE = '0'
      expect(secureCookies()).toBe(false)
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangjian-auth-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const seedWith = (env: Record<string, string>) => {
    const base = { ...process.env }
    for (const key of ['PAYLOAD_SECRET', 'CMS_ALLOWED_ORIGINS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'COOKIE_SECURE']) delete base[key]
    return spawnSync('npx', ['tsx', 'scripts/seed.ts'], {
      cwd: repoRoot,
      env: { ...base, DATABASE_URI: `file:${path.join(dir, 'cms.db')}`, MEDIA_DIR: path.join(dir, 'media'), APP_ENV: 'production', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    })
  }

  it.each([
    ['no PAYLOAD_SECRET', {}, /APP_ENV=production needs PAYLOAD_SECRET/],
    ['a short PAYLOAD_SECRET', { PAYLOAD_SECRET: 'short' }, /at least 32 characters/],
    ['no CMS_ALLOWED_ORIGINS', { PAYLOAD_SECRET: 'x'.repeat(40) }, /APP_ENV=production needs CMS_ALLOWED_ORIGINS/],
  ])('refuses to start with %s, in one line and without touching the database', (_, env, message) => {
    const result = seedWith(env)
    expect(result.status, result.stderr).toBe(2)
    const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('Error:'))
    expect(errorLines, result.stderr).toHaveLength(1)
    expect(errorLines[0]).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(fs.existsSync(path.join(dir, 'cms.db'))).toBe(false)
  }, 120_000)
})
