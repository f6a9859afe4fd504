/** robots.txt at the site's root (its own domain, or /<district>/ on the shared one): everything may be crawled; here is the sitemap. */
import type { APIRoute } from 'astro'

import { absoluteUrl, url } from '../lib/urls'

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(url('sitemap-index.xml'))}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
