/**
 * The live preview beside the form (Payload's live preview, the edit view's 实时预览 tab): Payload's
 * admin loads this shell in its iframe and posts the form's values to it on every change
 * (`payload-live-preview` messages, the protocol @payloadcms/live-preview's `ready`/`subscribe`
 * implement). The shell sends them to POST /api/preview/:collection/:id and shows the page it gets
 * back in an inner iframe with an empty `sandbox`: no script of the rendered page runs, and it has
 * an opaque origin — it cannot reach the editor's session beside it. Only the shell's own nonce'd
 * script runs here. Changes arriving while a render is under way are coalesced to the newest.
 */
import { randomBytes } from 'node:crypto'

import type { Endpoint } from 'payload'

import { districtOfDocument, staffPreviewRefusal } from './previewAccess'
import { previewRefusal } from './previewResponse'

const collectionsWithPreview = ['news', 'activities', 'campaigns', 'stations', 'brands', 'districts']

const shellHtml = (renderPath: string, nonce: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>实时预览</title>
<style>html,body{margin:0;height:100%}body{position:relative}iframe{display:block;border:0;width:100%;height:100%}.loading{position:absolute;inset:0;visibility:hidden}</style></head>
<body><iframe id="preview-page" title="实时预览" sandbox="" src="${renderPath}"></iframe>
<script nonce="${nonce}">
(() => {
  let frame = document.getElementById('preview-page')
  // Each update goes into a fresh sandboxed frame, swapped in once loaded: no blank flash while typing.
  const show = (html) =>
    new Promise((done) => {
      const next = document.createElement('iframe')
      next.title = frame.title
      next.setAttribute('sandbox', '')
      next.className = 'loading'
      next.addEventListener('load', () => {
        next.className = ''
        frame.remove()
        next.id = 'preview-page'
        frame = next
        done()
      }, { once: true })
      next.srcdoc = html
      document.body.append(next)
    })
  const renderPath = ${JSON.stringify(renderPath)}
  let newest, busy = false
  async function renderNewest() {
    if (busy || !newest) return
    busy = true
    const values = newest
    newest = undefined
    try {
      const answer = await fetch(renderPath, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(values) })
      const html = await answer.text()
      if (answer.ok) await show(html)
    } catch {}
    busy = false
    renderNewest()
  }
  addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.source !== parent) return
    const message = event.data
    if (!message || message.type !== 'payload-live-preview' || !message.data) return
    newest = message.data
    renderNewest()
  })
  // Tells the admin the preview listens (what @payloadcms/live-preview's ready() sends).
  parent.postMessage({ type: 'payload-live-preview', ready: true }, location.origin)
})()
</script></body></html>`

export const liveShellEndpoint: Endpoint = {
  path: '/preview/:collection/:id/live',
  method: 'get',
  handler: async (req) => {
    const collection = String(req.routeParams?.collection ?? '')
    const id = String(req.routeParams?.id ?? '')
    if (!collectionsWithPreview.includes(collection) || !/^\d+$/.test(id)) return previewRefusal(404, '无此预览 / No such preview')
    const doc = await req.payload
      .findByID({ collection: collection as 'news', id, draft: true, depth: 0, overrideAccess: true, req })
      .catch(() => undefined)
    const refused = await staffPreviewRefusal(req, [doc ? districtOfDocument(collection, doc) : null])
    if (refused) return previewRefusal(refused.status, refused.message)
    const nonce = randomBytes(16).toString('base64')
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "frame-src 'self'",
      "img-src 'self' data:",
      "style-src 'unsafe-inline'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'self'",
    ].join('; ')
    return new Response(shellHtml(`/api/preview/${collection}/${id}`, nonce), {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-store, private',
        'X-Robots-Tag': 'noindex',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  },
}
