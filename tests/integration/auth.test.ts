/**
 * Sign-in hardening: repeated failed logins lock the account (also against
 * the right password until the lock expires), session cookies are Secure in a
 * deployment, and a deployment (APP_ENV=production) refuses to start without
 * a real PAYLOAD_SECRET, allowed origins or first-admin credentials — one
 * clear line each, checked as real processes. The site builder's API key
 * reads published content only and can change nothing.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { secureCookies } from '../../cms/env'
import { repoRoot } from '../../shared/paths'
import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { pngBuffer } from '../helpers/payload'
import { restClient } from '../helpers/rest'
import { startTestCms, type TestCms } from '../helpers/payload'

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
    const [user] = (await cms.payload.find({ collection: 'users', where: { email: { equals: adminUser.email } }, showHiddenFields: true }))
      .docs
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
  ])(
    'refuses to start with %s, in one line and without touching the database',
    (_, env, message) => {
      const result = seedWith(env)
      expect(result.status, result.stderr).toBe(2)
      const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('Error:'))
      expect(errorLines, result.stderr).toHaveLength(1)
      expect(errorLines[0]).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(fs.existsSync(path.join(dir, 'cms.db'))).toBe(false)
    },
    120_000,
  )
})

describe('the site builder’s API key (read-only)', () => {
  const key = 'builder-key-0123456789abcdef0123'
  let fixtures: Awaited<ReturnType<typeof baseFixtures>>
  let publishedId: number
  let draftId: number
  const api = () => {
    const rest = restClient(cms.config)
    rest.useApiKey(key)
    return rest
  }

  beforeAll(async () => {
    const { payload } = cms
    fixtures = await baseFixtures(payload)
    await payload.create({
      collection: 'users',
      data: {
        email: 'builder@auth.test',
        password: 'builder-password-1',
        roles: ['site-reader'],
        enableAPIKey: true,
        apiKey: key,
      } as never,
    })
    const news = (title: string, slug: string, status: 'published' | 'draft') =>
      payload.create({
        collection: 'news',
        draft: status === 'draft',
        data: { title, slug, district: fixtures.child.id, publishedOn: day('2026-03-02'), _status: status, sources: ['内部来源'] } as never,
      })
    publishedId = (await news('已发布新闻', 'published-one', 'published')).id as number
    draftId = (await news('未发布草稿', 'draft-one', 'draft')).id as number
    await payload.create({ collection: 'word-lists', data: { name: '词表', words: [{ word: '禁词', level: 'forbidden' }] } as never })
  })

  it('authenticates as the site-reader account', async () => {
    const me = await api().get('/users/me')
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ email: 'builder@auth.test', roles: ['site-reader'] })
  })

  it('reads published content only, without editor-only fields, word lists or other accounts', async () => {
    const rest = api()
    const news = await rest.get('/news?draft=true&limit=100')
    expect(news.status).toBe(200)
    expect(news.body.docs.map((d: { id: number }) => d.id)).toEqual([publishedId])
    expect(news.body.docs[0]).not.toHaveProperty('sources')
    expect(news.body.docs[0]).not.toHaveProperty('reviewState')
    expect((await rest.get(`/news/${draftId}?draft=true`)).status).toBe(404)
    expect((await rest.get('/news/versions?limit=100')).body.docs ?? []).toEqual([])
    expect((await rest.get('/word-lists')).status).toBe(403)
    const users = await rest.get('/users?limit=100')
    expect(users.body.docs.map((u: { email: string }) => u.email)).toEqual(['builder@auth.test'])
    expect((await rest.get('/site-builds')).status).toBe(403)
  })

  it('can change nothing: create, update, delete, upload and its own account are refused', async () => {
    const rest = api()
    const attempts = [
      await rest.post('/news', { title: '写入', slug: 'write', district: fixtures.child.id, publishedOn: day('2026-03-03') }),
      await rest.patch(`/news/${publishedId}`, { title: '篡改' }),
      await rest.delete(`/news/${publishedId}`),
      await rest.patch(`/districts/${fixtures.child.id}`, { name: '篡改' }),
      await rest.post('/word-lists', { name: '篡改', words: [] }),
      await rest.patch(`/media/${fixtures.image.id}`, { alt: '篡改' }),
      await rest.post('/users', { email: 'x@auth.test', password: 'x-password-123', roles: ['admin'] }),
    ]
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await pngBuffer())], { type: 'image/png' }), 'upload.png')
    form.append('_payload', JSON.stringify({ alt: '上传' }))
    attempts.push(await rest.post('/media', form))
    for (const attempt of attempts) expect(attempt.status, JSON.stringify(attempt.body)).toBe(403)
    const me = (await rest.get('/users/me')).body.user
    expect((await rest.patch(`/users/${me.id}`, { name: '改名' })).status).toBe(403)
    const stored = await cms.payload.findByID({ collection: 'news', id: publishedId })
    expect(stored.title).toBe('已发布新闻')
  })

  it('a wrong key is an anonymous visitor, and only an administrator can enable a key', async () => {
    const stranger = restClient(cms.config)
    stranger.useApiKey('not-the-key-0123456789abcdef0123')
    expect((await stranger.get('/users/me')).body.user).toBeNull()
    const writerData = { email: 'writer@auth.test', password: 'writer-password-1', roles: ['writer'], districts: [fixtures.child.id] }
    const writer = await cms.payload.create({ collection: 'users', data: writerData as never })
    const rest = restClient(cms.config)
    await rest.login(writerData.email, writerData.password)
    const minted = await rest.patch(`/users/${writer.id}`, { enableAPIKey: true, apiKey: 'self-minted-key-0123456789abcdef' })
    expect(minted.status).toBe(403)
    expect(JSON.stringify(minted.body)).toMatch(/只有系统管理员可以启用 API 密钥/)
    const stored = await cms.payload.findByID({ collection: 'users', id: writer.id, showHiddenFields: true })
    expect(stored.enableAPIKey).not.toBe(true)
  })
})
