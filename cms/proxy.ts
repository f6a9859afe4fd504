import { NextResponse, type NextRequest } from 'next/server'

/**
 * The admin is Chinese-first: Payload picks the UI language from its
 * `payload-lng` cookie, else from Accept-Language. Until a user chooses a
 * language in their account settings (which sets the cookie), present the
 * request as Chinese so browsers set to English still get the Chinese admin.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('payload-lng')) return NextResponse.next()
  const headers = new Headers(request.headers)
  headers.set('Accept-Language', 'zh-CN,zh;q=0.9')
  return NextResponse.next({ request: { headers } })
}

export const config = { matcher: ['/admin/:path*', '/api/:path*'] }
