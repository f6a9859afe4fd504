import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

export type StaticServer = { url: string; close: () => Promise<void> }

/** Content types the built sites use; anything unknown is served as bytes. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // Pagefind's index files are fetched as raw (often gzipped) bytes by its own loader.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
}

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false
const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false

/**
 * A tiny static file server over `root` (default `dist/`) on 127.0.0.1 and a free port,
 * behaving like the production host: directory index, `/x` → `/x/` redirects, and each
 * district's own 404.html for missing pages under `/<district>/`.
 */
export async function startStaticServer(root = path.resolve('dist')): Promise<StaticServer> {
  const base = path.resolve(root)

  const server = http.createServer((req, res) => {
    const send = (status: number, file: string | null, headers: Record<string, string> = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.from(status === 404 ? 'Not found' : '')
      res.writeHead(status, {
        'content-type': file ? contentTypeFor(file) : 'text/plain; charset=utf-8',
        'content-length': String(body.length),
        'cache-control': 'no-store',
        ...headers,
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null, { allow: 'GET, HEAD' })

    const requestUrl = new URL(req.url ?? '/', 'http://localhost')
    let pathname: string
    try {
      pathname = decodeURIComponent(requestUrl.pathname)
    } catch {
      return send(400, null)
    }
    // Never serve anything outside the root, whatever `..` or encoded slashes the URL holds.
    const normalized = path.posix.normalize(pathname)
    const target = path.resolve(base, `.${normalized}`)
    if (target !== base && !target.startsWith(base + path.sep)) return send(403, null)

    if (isDir(target)) {
      if (!pathname.endsWith('/')) {
        return send(301, null, { location: `${requestUrl.pathname}/${requestUrl.search}` })
      }
      const index = path.join(target, 'index.html')
      if (isFile(index)) return send(200, index)
    } else if (isFile(target)) {
      return send(200, target)
    }

    // A missing page under /<district>/ gets that district's own 404 page, as on the real host.
    const district = normalized.split('/')[1]
    const notFound = district ? path.join(base, district, '404.html') : ''
    return send(404, notFound && isFile(notFound) ? notFound : null)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
