/**
 * `_redirects` (the format Netlify, Cloudflare Pages and others read; one `old new 301` line each):
 * the same moves as the redirect pages, for a web server that can answer with a real 301. Astro
 * ignores page files starting with "_", hence the parameter. scripts/lib/site-build.ts merges every
 * site's file into one at the output root.
 */
import type { APIRoute } from 'astro'

import { movedPages } from '../lib/redirects'
import { url } from '../lib/urls'

export const getStaticPaths = () => [{ params: { redirectsFile: '_redirects' } }]

export const GET: APIRoute = async () =>
  new Response((await movedPages()).map((r) => `${url(r.from)} ${r.to} 301\n`).join(''), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
