/**
 * How a preview page is sent. It runs under the CMS's origin, next to an editor's session, so it
 * is the most sensitive page we render: the CSP `sandbox` directive (without allow-scripts) gives
 * it an opaque origin and runs no script at all — not even the site's own small inline ones —
 * and it loads nothing but its own images; it is never cached, indexed or framed by others.
 */
export const previewCsp = [
  'sandbox',
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'unsafe-inline'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ')

const privateHeaders = {
  'Cache-Control': 'no-store, private',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
}

export const previewPage = (html: string) =>
  new Response(html, {
    status: 200,
    headers: { ...privateHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': previewCsp },
  })

/** Refusals in Chinese (English after " / "), as plain text: a reviewer opening a link reads it in the tab. */
export const previewRefusal = (status: number, message: string) =>
  new Response(message, { status, headers: { ...privateHeaders, 'Content-Type': 'text/plain; charset=utf-8' } })
