import {
  APIError,
  type AfterErrorHook,
  type CollectionBeforeOperationHook,
  type Endpoint,
  type PayloadHandler,
  type PayloadRequest,
} from 'payload'

import { envPositive } from '../../shared/env'

/**
 * Sign-in endpoints answer anyone, so anyone can call them in a loop: guess passwords, send reset
 * mails to one inbox, keep the server hashing. Per client address and per account, within a
 * window (AUTH_RATE_LIMIT_WINDOW_MS, 10 min):
 *  - a client address gets AUTH_RATE_LIMIT_PER_IP (20) failed logins plus forgot-password,
 *    reset-password, unlock and first-register requests;
 *  - an account (email) gets AUTH_RATE_LIMIT_PER_ACCOUNT (10) failed logins plus forgot-password
 *    requests, whichever addresses they come from;
 * then 429 「请求过于频繁，请 N 秒后再试」 until the window ends. Successful logins are never counted,
 * so a whole office signing in behind one address at 9:00 is not stopped, and signed-in work
 * (saves, reads) never passes here. Refusals happen before the operation touches the database.
 * Local API calls (scripts, tests, the server itself) are not limited.
 *
 * The client address is the last X-Forwarded-For entry — what the nearest proxy saw (Next sets it
 * from the socket when no proxy did). Without a reverse proxy a client can write that header
 * itself, so a deployment must sit behind one that sets it; the per-account limit holds either way.
 */
const settings = () => ({
  windowMs: envPositive('AUTH_RATE_LIMIT_WINDOW_MS', 10 * 60_000),
  perAddress: envPositive('AUTH_RATE_LIMIT_PER_IP', 20),
  perAccount: envPositive('AUTH_RATE_LIMIT_PER_ACCOUNT', 10),
})

/** Most keys kept at once (≈ 100 bytes each): the state never grows with the number of requests. */
const maxKeys = 10_000

/**
 * Fixed-window counters in one Map, oldest window first (a key whose window ends is re-inserted
 * at the back), so expired keys are swept from the front and, when full, the oldest go first.
 */
class WindowCounters {
  private readonly windows = new Map<string, { count: number; endsAt: number }>()

  /** The key's count in its current window, and when that window ends. */
  peek(key: string, now: number) {
    const window = this.windows.get(key)
    return window && window.endsAt > now ? window : { count: 0, endsAt: now }
  }

  add(key: string, now: number, windowMs: number) {
    let window = this.windows.get(key)
    if (!window || window.endsAt <= now) {
      this.windows.delete(key)
      window = { count: 0, endsAt: now + windowMs }
      this.windows.set(key, window)
      this.sweep(now)
    }
    window.count++
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now && this.windows.size <= maxKeys) break
      this.windows.delete(key)
    }
  }

  get size() {
    return this.windows.size
  }
}

const counters = new WindowCounters()

/** For tests: how many keys the limiter holds. */
export const rateLimitKeyCount = () => counters.size

/** The client's address; IPv6 clients by their /64, which one machine usually holds whole. */
export function clientAddress(headers: Headers | undefined): string {
  const forwarded = headers?.get('x-forwarded-for')?.split(',').pop()?.trim() || headers?.get('x-real-ip')?.trim()
  const address = (forwarded || 'unknown')
    .replace(/^::ffff:(?=\d+\.)/i, '')
    .replace(/%.*$/, '')
    .toLowerCase()
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.replace(/^\[|\]$/g, '').split('::')
  const front = head ? head.split(':') : []
  const back = tail ? tail.split(':') : []
  const groups = [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back]
  return `${groups.slice(0, 4).join(':')}::/64`
}

const accountOf = (email: unknown) => (typeof email === 'string' && email.trim() ? `account:${email.trim().toLowerCase()}` : undefined)
const addressOf = (req: PayloadRequest) => `address:${clientAddress(req.headers)}`

class TooManyRequests extends APIError {
  override name = 'TooManyRequests'
  constructor(seconds: number) {
    super(`请求过于频繁，请 ${seconds} 秒后再试。Too many requests; please try again in ${seconds} s.`, 429, { retryAfter: seconds }, true)
  }
}

/** Refuses when any key is at its limit; otherwise counts the request against `countedKeys`. */
function admit(req: PayloadRequest, limited: [key: string | undefined, limit: number][], countedKeys: (string | undefined)[]) {
  const { windowMs } = settings()
  const now = Date.now()
  for (const [key, limit] of limited) {
    if (!key) continue
    const window = counters.peek(key, now)
    if (window.count < limit) continue
    const seconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000))
    const headers = new Headers(req.responseHeaders)
    headers.set('Retry-After', String(seconds))
    req.responseHeaders = headers
    throw new TooManyRequests(seconds)
  }
  for (const key of countedKeys) if (key) counters.add(key, now, windowMs)
}

/** Users collection, before login, forgot-password, reset-password and unlock (REST and GraphQL). */
export const limitAnonymousAuth: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (req.payloadAPI === 'local') return args
  const { perAddress, perAccount } = settings()
  const address = addressOf(req)
  const account = accountOf((args as { data?: { email?: unknown } }).data?.email)
  switch (operation as string) {
    case 'login': // failures are counted after the fact (countFailedSignIns)
      admit(
        req,
        [
          [address, perAddress],
          [account, perAccount],
        ],
        [],
      )
      break
    case 'forgotPassword':
      admit(
        req,
        [
          [address, perAddress],
          [account, perAccount],
        ],
        [address, account],
      )
      break
    case 'resetPassword':
    case 'unlock':
      admit(req, [[address, perAddress]], [address])
      break
  }
  return args
}

/**
 * First-register and verify-email run no hook before they read the database, so they are limited
 * at their endpoints: these take the built-in paths and hand the request on to Payload's own
 * handler (the next endpoint with that path) once it is admitted.
 */
function limitedBuiltIn(path: string): Endpoint {
  const handler: PayloadHandler = async (req) => {
    const address = addressOf(req)
    admit(req, [[address, settings().perAddress]], [address])
    const collections = req.payload.collections as Record<string, { config: { endpoints: Endpoint[] | false } } | undefined>
    const endpoints = collections[String(req.routeParams?.collection ?? 'users')]?.config.endpoints || []
    const next = endpoints.find((endpoint) => endpoint.path === path && endpoint.method === 'post' && endpoint.handler !== handler)
    if (!next) throw new APIError('Not found', 404)
    return next.handler(req)
  }
  return { path, method: 'post', handler }
}

/** For the users collection's `endpoints`. */
export const limitedAuthEndpoints: Endpoint[] = [limitedBuiltIn('/first-register'), limitedBuiltIn('/verify/:id')]

const errorName = (error: unknown) => {
  const e = error as { name?: string; originalError?: { name?: string } }
  return e.originalError?.name ?? e.name
}
const signInRefusals = new Set(['AuthenticationError', 'LockedAuth'])

/**
 * After a refused sign-in (REST or GraphQL): counts it against the client's address and (REST)
 * the account. A locked account answers exactly like a wrong password or an unknown email —
 * same status, same body — so the answer never tells whether an account exists (issue 12, item 13).
 * Payload says 该用户已被锁定 only for accounts that exist; the administrator sees the lock in the
 * user's record and can unlock it there.
 */
export const countFailedSignIns: AfterErrorHook = ({ error, req, result, graphqlResult }) => {
  const name = errorName(error)
  if (!name || !signInRefusals.has(name) || !req || req.payloadAPI === 'local') return
  const { windowMs } = settings()
  const now = Date.now()
  counters.add(addressOf(req as PayloadRequest), now, windowMs)
  const account = accountOf((req as PayloadRequest).data?.email)
  if (account && !graphqlResult) counters.add(account, now, windowMs)
  if (name !== 'LockedAuth') return
  const message = req.t ? req.t('error:emailOrPasswordIncorrect') : 'The email or password provided is incorrect.'
  if (graphqlResult)
    return { graphqlResult: { ...graphqlResult, message, extensions: { ...graphqlResult.extensions, name: 'AuthenticationError' } } }
  return { status: 401, response: { ...result, errors: [{ message }] } }
}
