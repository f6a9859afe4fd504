import { allowedOrigins } from '../env'

type RouteHandler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response> | Response

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The origins this request was addressed to: its URL's, and the Host / X-Forwarded-* a proxy passed on. */
function ownOrigins(request: Request): Set<string> {
  const url = new URL(request.url)
  const origins = new Set([url.origin])
  const host = request.headers.get('host')
  if (host) origins.add(`${url.protocol}//${host}`)
  const forwardedHost = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim()
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  if (forwardedHost) origins.add(`${forwardedProto || url.protocol.replace(':', '')}://${forwardedHost}`)
  return origins
}

/** Where a browser says the request comes from: Origin, else the Referer's origin; null when neither is sent. */
function requestSource(request: Request): string | null {
  const origin = request.headers.get('origin')
  if (origin) return origin // includes the opaque "null" of sandboxed frames and file: pages: never allowed
  const referer = request.headers.get('referer')
  if (!referer) return null
  try {
    return new URL(referer).origin
  } catch {
    return 'null'
  }
}

/**
 * CSRF: a state-changing API request sent by a browser from another origin is refused (403) before
 * Payload sees it — with or without a session cookie, JSON or a form's multipart `_payload`.
 * Allowed are the CMS's own origin and CMS_ALLOWED_ORIGINS. Browsers send Origin with every
 * POST/PATCH/PUT/DELETE (Referer as the fallback); clients that send neither (curl, the site
 * builder, server-to-server) are not browsers acting for a signed-in user, and pass.
 * Payload's own `csrf` list only stops it from reading the cookie, and is empty (no check at all)
 * when no origins are configured; the admin's server actions are checked by Next itself.
 */
export function refuseCrossSiteWrites<A extends unknown[]>(handler: RouteHandler<A>): RouteHandler<A> {
  return (request, ...rest) => {
    if (safeMethods.has(request.method)) return handler(request, ...rest)
    const source = requestSource(request)
    if (source === null) return handler(request, ...rest)
    const allowed = ownOrigins(request)
    for (const origin of allowedOrigins() ?? []) allowed.add(origin)
    if (allowed.has(source)) return handler(request, ...rest)
    const message = `跨站请求已拒绝：来源 ${source} 不是本系统的地址，也不在 CMS_ALLOWED_ORIGINS 中，未做任何修改 / Cross-site request refused: ${source} is not an allowed origin`
    return Response.json({ errors: [{ message }] }, { status: 403 })
  }
}
