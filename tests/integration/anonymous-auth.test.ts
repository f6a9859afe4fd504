/**
 * Anonymous sign-in endpoints cannot hold the database (issue 12, item 4) and do not reveal
 * accounts (item 13), through the real REST and GraphQL route handlers:
 *  - forgot-password for an unknown and for a known email answers at once while admin saves
 *    go through (it used to wait 20 s for its own transaction, answer 503 and stall every save);
 *    a slow mail server holds nothing;
 *  - the N+1th anonymous request within the window gets 429 请求过于频繁，请 N 秒后再试, per client
 *    address and per account, over REST and GraphQL; successful logins and signed-in saves are
 *    never limited; the limiter's memory stays bounded;
 *  - a locked account, a wrong password and an unknown email answer identically.
 */
import { GRAPHQL_POST, REST_POST } from '@payloadcms/next/routes'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { clientAddress, limitAnonymousAuth, rateLimitKeyCount } from '../../cms/api/authRateLimit'
import { sendEmailInBackground } from '../../cms/api/backgroundEmail'
import { adminUser } from '../helpers/fixtures'
import { restClient } from '../helpers/rest'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let districtId: number
const member = { email: 'member@auth-limits.test', password: 'member-password-1' }
let addressCounter = 0
/** A client address no other test used, so each test starts with fresh counters. */
const freshAddress = () => `203.0.113.${++addressCounter}`

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  await cms.payload.create({ collection: 'users', data: { ...member, roles: ['writer'] } as never })
  districtId = (await cms.payload.create({ collection: 'districts', data: { name: '测试区', slug: 'limits', level: 'district' } }))
    .id as number
}, 120_000)
afterAll(async () => cms?.cleanup())
const savedEnv = { ...process.env }
afterEach(() => {
  for (const key of ['AUTH_RATE_LIMIT_PER_IP', 'AUTH_RATE_LIMIT_PER_ACCOUNT', 'AUTH_RATE_LIMIT_WINDOW_MS']) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
})

/** An anonymous POST to the real REST handler, from a given client address (as a proxy reports it). */
async function anonymousPost(path: string, body: unknown, address: string) {
  const url = new URL(`http://localhost/api${path}`)
  const slug = url.pathname
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
  const request = new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.0.0.1, ${address}` },
    body: JSON.stringify(body),
  })
  const response = await REST_POST(cms.config)(request, { params: Promise.resolve({ slug }) })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

async function anonymousGraphql(query: string, address: string) {
  const request = new Request('http://localhost/api/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ query }),
  })
  const response = await GRAPHQL_POST(cms.config)(request)
  return (await response.json()) as {
    data?: Record<string, unknown>
    errors?: { message: string; extensions?: { statusCode?: number; name?: string } }[]
  }
}

const within = async <T>(ms: number, work: Promise<T>) => {
  const started = Date.now()
  const result = await work
  return { result, ms: Date.now() - started, ok: Date.now() - started < ms }
}

describe('forgot-password never holds the database', () => {
  it('answers at once for an unknown and a known email while admin saves go through', async () => {
    const admin = restClient(cms.config)
    await admin.login(adminUser.email, adminUser.password)
    for (const email of ['nobody@nowhere.test', member.email]) {
      const [forgot, ...saves] = await Promise.all([
        within(5000, anonymousPost('/users/forgot-password', { email }, freshAddress())),
        within(5000, admin.patch(`/districts/${districtId}`, { name: `测试区 ${email}` })),
        within(5000, admin.patch(`/districts/${districtId}`, { summary: `保存 ${email}` })),
      ])
      expect(forgot.result.status, JSON.stringify(forgot.result.body)).toBe(200)
      expect(forgot.ok, `forgot-password for ${email} took ${forgot.ms} ms`).toBe(true)
      for (const save of saves) {
        expect(save.result.status, JSON.stringify(save.result.body)).toBe(200)
        expect(save.ok, `a save beside forgot-password took ${save.ms} ms`).toBe(true)
      }
    }
    // Known and unknown emails get the same answer.
    const unknown = await anonymousPost('/users/forgot-password', { email: 'other@nowhere.test' }, freshAddress())
    const known = await anonymousPost('/users/forgot-password', { email: 'admin@test.local' }, freshAddress())
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body])
  })

  it('does not wait for a slow mail server, and still sends the mail', async () => {
    const reader = { email: 'slow-mail@auth-limits.test', password: 'slow-mail-password-1' }
    await cms.payload.create({ collection: 'users', data: { ...reader, roles: ['writer'] } as never })
    const sent: unknown[] = []
    let finishSending!: () => void
    const slowServer = new Promise<void>((resolve) => (finishSending = resolve))
    const original = cms.payload.email
    cms.payload.email = { ...original, sendEmail: async (message: unknown) => (await slowServer, sent.push(message)) } as never
    sendEmailInBackground(cms.payload)
    try {
      const admin = restClient(cms.config)
      await admin.login(adminUser.email, adminUser.password)
      const [forgot, save] = await Promise.all([
        within(5000, anonymousPost('/users/forgot-password', { email: reader.email }, freshAddress())),
        within(5000, admin.patch(`/districts/${districtId}`, { name: '慢邮件时的保存' })),
      ])
      expect([forgot.result.status, forgot.ok, save.result.status, save.ok]).toEqual([200, true, 200, true])
      expect(sent).toHaveLength(0)
      finishSending()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(sent).toEqual([expect.objectContaining({ to: reader.email })])
    } finally {
      finishSending()
      cms.payload.email = original
    }
  })
})

const tooMany = /^请求过于频繁，请 \d+ 秒后再试。/

describe('rate limits on anonymous sign-in endpoints', () => {
  it('the N+1th forgot-password from one address gets 429 in Chinese; other addresses go on', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '5'
    const address = freshAddress()
    for (let i = 0; i < 5; i++)
      expect((await anonymousPost('/users/forgot-password', { email: `x${i}@nowhere.test` }, address)).status).toBe(200)
    const refused = await anonymousPost('/users/forgot-password', { email: 'x9@nowhere.test' }, address)
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toMatch(tooMany)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect((await anonymousPost('/users/forgot-password', { email: 'x9@nowhere.test' }, freshAddress())).status).toBe(200)
  })

  it('the N+1th forgot-password for one account gets 429 whatever the address', async () => {
    process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = '3'
    const account = 'often-forgets@auth-limits.test' // unknown or not, the answer and the count are the same
    for (let i = 0; i < 3; i++)
      expect((await anonymousPost('/users/forgot-password', { email: ' Often-Forgets@Auth-Limits.test ' }, freshAddress())).status).toBe(
        200,
      )
    const refused = await anonymousPost('/users/forgot-password', { email: account }, freshAddress())
    expect([refused.status, refused.body.errors[0].message]).toEqual([429, expect.stringMatching(tooMany)])
  })

  it('failed logins from one address are limited; successful ones never count', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '4'
    const office = freshAddress()
    for (let i = 0; i < 10; i++) expect((await anonymousPost('/users/login', member, office)).status).toBe(200)
    const guesser = freshAddress()
    for (let i = 0; i < 4; i++)
      expect((await anonymousPost('/users/login', { email: `guess${i}@nowhere.test`, password: 'guess' }, guesser)).status).toBe(401)
    const refused = await anonymousPost('/users/login', member, guesser) // even the right password, from that address
    expect([refused.status, refused.body.errors[0].message]).toEqual([429, expect.stringMatching(tooMany)])
    expect((await anonymousPost('/users/login', member, office)).status).toBe(200)
  })

  it('reset-password, first-register and verify are limited too', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '3'
    const address = freshAddress()
    const attempts = [
      await anonymousPost('/users/reset-password', { token: 'not-a-token', password: 'new-password-1' }, address),
      await anonymousPost('/users/first-register', { email: 'intruder@nowhere.test', password: 'intruder-1' }, address),
      await anonymousPost('/users/verify/not-a-token', {}, address),
      await anonymousPost('/users/reset-password', { token: 'not-a-token', password: 'new-password-1' }, address),
      await anonymousPost('/users/first-register', { email: 'intruder@nowhere.test', password: 'intruder-1' }, address),
      await anonymousPost('/users/verify/not-a-token', {}, address),
    ]
    expect(attempts.slice(0, 3).map((a) => a.status)).not.toContain(429)
    expect(attempts[1].status).toBe(403) // Payload's own first-register still answers once admitted
    for (const refused of attempts.slice(3))
      expect([refused.status, refused.body.errors[0].message]).toEqual([429, expect.stringMatching(tooMany)])
  })

  it('counts GraphQL sign-in mutations as well, each aliased one separately', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '3'
    const address = freshAddress()
    const aliased = ['a', 'b', 'c', 'd'].map((alias, i) => `${alias}: forgotPasswordUser(email: "g${i}@nowhere.test")`).join(' ')
    const result = await anonymousGraphql(`mutation { ${aliased} }`, address)
    const refusals = (result.errors ?? []).filter((e) => tooMany.test(e.message))
    expect(refusals).toHaveLength(1)
    expect(refusals[0].extensions?.statusCode).toBe(429)
  })

  it('never limits a signed-in save, even from an address that is refused sign-ins', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '1'
    const address = freshAddress()
    await anonymousPost('/users/forgot-password', { email: 'a@nowhere.test' }, address)
    expect((await anonymousPost('/users/forgot-password', { email: 'b@nowhere.test' }, address)).status).toBe(429)
    const admin = restClient(cms.config)
    await admin.login(adminUser.email, adminUser.password)
    for (let i = 0; i < 5; i++) {
      const save = await admin.patch(`/districts/${districtId}`, { summary: `第${i}次保存` }, { 'X-Forwarded-For': address })
      expect(save.status, JSON.stringify(save.body)).toBe(200)
    }
  })

  it('keeps its memory bounded whatever the number of addresses', () => {
    for (let i = 0; i < 12_000; i++) {
      const req = { payloadAPI: 'REST', headers: new Headers({ 'X-Forwarded-For': `198.18.${i >> 8}.${i & 255}` }) }
      try {
        limitAnonymousAuth({ args: { data: { email: `flood${i}@nowhere.test` } }, operation: 'forgotPassword', req } as never)
      } catch {
        // refusals are fine here
      }
    }
    expect(rateLimitKeyCount()).toBeLessThanOrEqual(10_000)
  })

  it('takes the client address from the nearest proxy, IPv6 by its /64', () => {
    expect(clientAddress(new Headers({ 'X-Forwarded-For': '1.2.3.4, 5.6.7.8' }))).toBe('5.6.7.8')
    expect(clientAddress(new Headers({ 'X-Forwarded-For': '::ffff:5.6.7.8' }))).toBe('5.6.7.8')
    expect(clientAddress(new Headers({ 'X-Forwarded-For': '2001:db8:1:2:aaaa::1' }))).toBe(
      clientAddress(new Headers({ 'X-Forwarded-For': '2001:db8:1:2::ffff' })),
    )
    expect(clientAddress(new Headers())).toBe('unknown')
  })
})

describe('a locked account is not told apart', () => {
  it('a wrong password, an unknown email and a locked account answer identically (REST and GraphQL)', async () => {
    process.env.AUTH_RATE_LIMIT_PER_IP = '1000'
    process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = '1000'
    const victim = { email: 'victim@auth-limits.test', password: 'victim-password-1' }
    await cms.payload.create({ collection: 'users', data: { ...victim, roles: ['writer'] } as never })
    const answer = async (email: string, password: string) => {
      const { status, body } = await anonymousPost('/users/login', { email, password }, freshAddress())
      return { status, body }
    }
    const unknownEmail = await answer('nobody@auth-limits.test', 'whatever-1')
    const wrongPassword = await answer(victim.email, 'wrong-password')
    expect(unknownEmail.status).toBe(401)
    expect(wrongPassword).toEqual(unknownEmail)
    for (let i = 0; i < 5; i++) await answer(victim.email, `wrong-${i}`)
    const user = (await cms.payload.find({ collection: 'users', where: { email: { equals: victim.email } }, showHiddenFields: true }))
      .docs[0] as { lockUntil?: string }
    expect(Date.parse(user.lockUntil ?? '')).toBeGreaterThan(Date.now()) // really locked
    expect(await answer(victim.email, victim.password)).toEqual(unknownEmail)
    expect(await answer(victim.email, 'wrong-again')).toEqual(unknownEmail)

    const graphqlLogin = async (email: string, password: string) =>
      (await anonymousGraphql(`mutation { loginUser(email: "${email}", password: "${password}") { token } }`, freshAddress())).errors?.[0]
    const graphqlUnknown = await graphqlLogin('nobody@auth-limits.test', 'whatever-1')
    const graphqlLocked = await graphqlLogin(victim.email, victim.password)
    expect(graphqlUnknown?.message).toBe(unknownEmail.body.errors[0].message)
    expect(graphqlLocked?.message).toBe(graphqlUnknown?.message)
    expect(graphqlLocked?.extensions).toEqual(graphqlUnknown?.extensions)
  })
})
