/**
 * A small static file server for the built district sites (dist/): the
 * product's `npm start` serves them with it, and the browser tests too.
 * Directory URLs get their index.html; unknown paths under /<district>/ get
 * that district's 404 page with status 404.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const types: Record<string, string> = {
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
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
}

export type StaticServer = { url: string; port: number; close: () => Promise<void> }

export function serveStatic(root: string, { port = 0, host = '127.0.0.1' } = {}): Promise<StaticServer> {
  const rootDir = path.resolve(root)
  // Text is sent gzipped when the browser accepts it (pages are mostly repeated markup: ≈3× smaller);
  // each file is compressed once and kept until it changes on disk.
  const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>()
  const gzipOf = (file: string, stat: fs.Stats) => {
    const hit = gzipped.get(file)
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit.body
    const body = gzipSync(fs.readFileSync(file), { level: 9 })
    if (gzipped.size > 2000) gzipped.clear()
    gzipped.set(file, { mtimeMs: stat.mtimeMs, body })
    return body
  }
  const send = (req: http.IncomingMessage, res: http.ServerResponse, status: number, file: string, head: boolean) => {
    const type = types[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
    const stat = fs.statSync(file)
    // Astro's /_astro/ assets carry a content hash in their names: they never change under one URL.
    const immutable = file.includes(`${path.sep}_astro${path.sep}`)
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
    }
    const compressible = /^(text\/|application\/(json|xml|javascript)|image\/svg)/.test(type) && stat.size < 4_000_000
    if (compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      const body = gzipOf(file, stat)
      res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length })
      res.end(head ? undefined : body)
      return
    }
    res.writeHead(status, { ...headers, 'Content-Length': stat.size })
    if (head) res.end()
    else fs.createReadStream(file).pipe(res)
  }
  const server = http.createServer((req, res) => {
    // Every answer, errors and redirects included: browsers keep to the declared type and never sniff.
    res.setHeader('X-Content-Type-Options', 'nosniff')
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      res.writeHead(400).end('Bad request')
      return
    }
    const head = req.method === 'HEAD'
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const file = path.join(rootDir, pathname)
    // Inside the root only: a bare prefix test would let /../dist-other/ through.
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403).end()
      return
    }
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${pathname}/` }).end()
        return
      }
      const index = path.join(file, 'index.html')
      if (fs.existsSync(index)) return send(req, res, 200, index, head)
    } else if (stat?.isFile()) {
      return send(req, res, 200, file, head)
    }
    const district = pathname.split('/')[1]
    const notFound = district ? path.join(rootDir, district, '404.html') : ''
    if (notFound && fs.existsSync(notFound)) return send(req, res, 404, notFound, head)
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 页面未找到')
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo
      resolve({
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`,
        port: actual,
        // Open downloads and keep-alive connections end too: closing never waits for a client.
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
