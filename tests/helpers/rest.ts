import { REST_DELETE, REST_GET, REST_PATCH, REST_POST } from '@payloadcms/next/routes'
import type { SanitizedConfig } from 'payload'

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
export type RestResponse = { status: number; body: any; headers: Headers }

/**
 * Calls the CMS's real REST route handlers (the ones mounted at
 * cms/app/(payload)/api/[...slug]/route.ts) with real Request objects.
 */
export function restClient(config: SanitizedConfig) {
  const handlers = { GET: REST_GET(config), POST: REST_POST(config), PATCH: REST_PATCH(config), DELETE: REST_DELETE(config) }
  let authorization: string | undefined

  async function request(
    method: Method,
    pathAndQuery: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<RestResponse> {
    const url = new URL(`http://localhost/api${pathAndQuery}`)
    const slug = url.pathname
      .replace(/^\/api\//, '')
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent)
    const headers = new Headers()
    const isForm = body instanceof FormData
    if (body !== undefined && !isForm) headers.set('Content-Type', 'application/json')
    if (authorization) headers.set('Authorization', authorization)
    for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value)
    const response = await handlers[method](
      new Request(url, { method, headers, body: body === undefined ? undefined : isForm ? body : JSON.stringify(body) }),
      { params: Promise.resolve({ slug }) },
    )
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers }
  }

  return {
    get: (path: string) => request('GET', path),
    post: (path: string, body: unknown) => request('POST', path, body),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => request('PATCH', path, body, headers),
    delete: (path: string) => request('DELETE', path),
    async login(email: string, password: string) {
      const res = await request('POST', '/users/login', { email, password })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
      authorization = `JWT ${res.body.token}`
      return res
    },
    /** Authenticates every following request with a Payload API key of a `users` account. */
    useApiKey(key: string) {
      authorization = `users API-Key ${key}`
    },
    logout() {
      authorization = undefined
    },
  }
}
