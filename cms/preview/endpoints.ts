/**
 * Preview endpoints (under /api):
 *  GET  /api/preview/:collection/:id            the saved draft as a full page — staff in scope, or ?token= (预览链接);
 *                                               ?view=home or ?view=list: on its district's home, on its list page
 *  POST /api/preview/:collection/:id/link       makes a 预览链接 for the latest saved version (staff in scope)
 *  POST /api/preview/:collection/:id            the admin form's unsaved state as a page (live preview; staff in scope)
 * Pages are rendered by the preview renderer with the site's own templates (./renderer.ts).
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { districtOfDocument, staffPreviewRefusal } from './previewAccess'
import { previewPage, previewRefusal } from './previewResponse'
import { renderInRenderer } from './renderer'
import { liveShellEndpoint } from './liveShell'
import { checkPreviewLink, signPreviewLink } from './signedLinks'

export const previewCollections = ['news', 'activities', 'campaigns', 'stations', 'brands', 'districts'] as const
const versioned = new Set(['news', 'activities', 'campaigns'])
/** Where the CMS serves uploads (pictures and their sizes, PDFs): previews show them from there. */
const mediaBase = '/api/media/file/'

type Doc = Record<string, unknown> & { id: number | string; updatedAt?: string }

function params(req: PayloadRequest) {
  const collection = String(req.routeParams?.collection ?? '')
  const id = String(req.routeParams?.id ?? '')
  return { collection, id, known: (previewCollections as readonly string[]).includes(collection) && /^\d+$/.test(id) }
}

async function storedDocument(req: PayloadRequest, collection: string, id: string): Promise<Doc | undefined> {
  try {
    return (await req.payload.findByID({
      collection: collection as 'news',
      id,
      draft: true,
      depth: 0,
      overrideAccess: true,
      req,
    })) as unknown as Doc
  } catch {
    return undefined
  }
}

/** The version a link is bound to: the newest saved version's id for drafts-enabled collections, else the save time. */
async function currentVersion(req: PayloadRequest, collection: string, doc: Doc): Promise<string> {
  if (!versioned.has(collection)) return `t:${doc.updatedAt}`
  const { docs } = await req.payload.findVersions({
    collection: collection as 'news',
    where: { parent: { equals: doc.id } },
    sort: '-updatedAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0] ? `v:${docs[0].id}` : `t:${doc.updatedAt}`
}

/** The document as it was in a bound version, or undefined when that version is gone or was replaced. */
async function documentAtVersion(req: PayloadRequest, collection: string, doc: Doc, version: string): Promise<Doc | undefined> {
  if (version.startsWith('t:')) return version === `t:${doc.updatedAt}` ? doc : undefined
  try {
    const found = await req.payload.findVersionByID({
      collection: collection as 'news',
      id: version.slice(2),
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (String(found.parent) !== String(doc.id)) return undefined
    return { ...found.version, id: doc.id }
  } catch {
    return undefined
  }
}

async function signedLink(req: PayloadRequest, collection: string, doc: Doc) {
  const { token, expiresAt } = signPreviewLink({ collection, id: String(doc.id), version: await currentVersion(req, collection, doc) })
  return { path: `/api/preview/${collection}/${doc.id}?token=${token}`, expiresAt }
}

/** A 预览链接 to the latest saved version of a document (callers check who asks). */
export async function signedPreviewPath(req: PayloadRequest, collection: string, id: string): Promise<string | null> {
  const doc = await storedDocument(req, collection, id)
  return doc ? (await signedLink(req, collection, doc)).path : null
}

async function render(req: PayloadRequest, collection: string, doc: Doc): Promise<Response> {
  const districtId = districtOfDocument(collection, doc)
  const district =
    districtId === null
      ? undefined
      : await req.payload.findByID({ collection: 'districts', id: districtId, depth: 0, overrideAccess: true, req }).catch(() => undefined)
  if (!district) return previewRefusal(400, '所属区域：请先选择所属区域再预览 / Choose the district before previewing')
  try {
    // ?view=home|list: the item where it will appear — its district's home, the page of its list.
    const asked = new URL(req.url ?? 'http://localhost').searchParams.get('view')
    const view = asked === 'home' || asked === 'list' ? asked : 'page'
    return previewPage(await renderInRenderer({ collection, district: String(district.slug), doc, mediaBase, view }))
  } catch (error) {
    req.payload.logger.error({ err: error, msg: `preview of ${collection} ${doc.id} failed` })
    return previewRefusal(500, '预览生成失败，请稍后再试 / The preview could not be rendered')
  }
}

const linkRefusals = {
  invalid: '预览链接无效 / Invalid preview link',
  expired: '预览链接已过期，请向编辑索取新链接 / This preview link has expired',
  'other-document': '预览链接与此内容不符 / This link is for another item',
}

const showSaved: Endpoint = {
  path: '/preview/:collection/:id',
  method: 'get',
  handler: async (req) => {
    const { collection, id, known } = params(req)
    if (!known) return previewRefusal(404, '无此预览 / No such preview')
    const token = new URL(req.url ?? 'http://localhost').searchParams.get('token')
    const doc = await storedDocument(req, collection, id)
    if (token) {
      const checked = checkPreviewLink(token, collection, id)
      if (!checked.ok) return previewRefusal(checked.reason === 'expired' ? 410 : 403, linkRefusals[checked.reason])
      const bound = doc && (await documentAtVersion(req, collection, doc, checked.grant.version))
      if (!bound) return previewRefusal(410, '此预览链接对应的版本已不存在 / The version this link shows is gone')
      return render(req, collection, bound)
    }
    if (!doc)
      return previewRefusal(
        req.user ? 404 : 401,
        req.user ? '无此内容 / Not found' : '预览需要登录或有效的预览链接 / Preview needs a staff session or a valid preview link',
      )
    const refused = await staffPreviewRefusal(req, [districtOfDocument(collection, doc)])
    return refused ? previewRefusal(refused.status, refused.message) : render(req, collection, doc)
  },
}

const makeLink: Endpoint = {
  path: '/preview/:collection/:id/link',
  method: 'post',
  handler: async (req) => {
    const { collection, id, known } = params(req)
    const doc = known ? await storedDocument(req, collection, id) : undefined
    const refused = await staffPreviewRefusal(req, doc ? [districtOfDocument(collection, doc)] : [null])
    if (refused) return Response.json({ errors: [{ message: refused.message }] }, { status: refused.status })
    if (!doc) return Response.json({ errors: [{ message: '无此内容 / Not found' }] }, { status: 404 })
    const { path, expiresAt } = await signedLink(req, collection, doc)
    return Response.json({ url: path, expiresAt: expiresAt.toISOString() }, { headers: { 'Cache-Control': 'no-store' } })
  },
}

const showUnsaved: Endpoint = {
  path: '/preview/:collection/:id',
  method: 'post',
  handler: async (req) => {
    const { collection, id, known } = params(req)
    if (!known && !(previewCollections as readonly string[]).includes(collection)) return previewRefusal(404, '无此预览 / No such preview')
    const form = ((await req.json?.().catch(() => undefined)) ?? {}) as Doc
    // A new item has no stored document yet; an existing one must be in scope as stored and as edited.
    const stored = /^\d+$/.test(id) ? await storedDocument(req, collection, id) : undefined
    const doc: Doc = { ...(stored ?? {}), ...form, id: stored?.id ?? (id || 'new') }
    const districts = [districtOfDocument(collection, doc), ...(stored ? [districtOfDocument(collection, stored)] : [])]
    const refused = await staffPreviewRefusal(req, districts)
    return refused ? previewRefusal(refused.status, refused.message) : render(req, collection, doc)
  },
}

export const previewEndpoints: Endpoint[] = [showSaved, makeLink, showUnsaved, liveShellEndpoint]
