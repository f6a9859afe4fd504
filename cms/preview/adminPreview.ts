/**
 * The edit view's two previews (news, activities, campaigns, stations, brands, districts):
 *  - 实时预览 (Payload's live preview): the form and, beside it, the page as the site will show
 *    it, updating as the user types, at phone and desktop widths (./liveShell.ts);
 *  - 预览链接 (Payload's preview button): a signed link to the saved version, opened in a new tab,
 *    which a reviewer can also be sent (./signedLinks.ts). Offered only to staff in scope.
 */
import type { CollectionConfig, PayloadRequest, RootLivePreviewConfig } from 'payload'

import { previewCollections, signedPreviewPath } from './endpoints'
import { districtOfDocument, staffPreviewRefusal } from './previewAccess'

/** The admin's own origin as the browser sees it: the live preview's messages are checked against it. */
function adminOrigin(req: PayloadRequest): string {
  const headers = req.headers
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000'
  const proto = headers.get('x-forwarded-proto') ?? (req.url?.startsWith('https:') ? 'https' : 'http')
  return `${proto.split(',')[0]!.trim()}://${host.split(',')[0]!.trim()}`
}

export const livePreview: RootLivePreviewConfig = {
  collections: [...previewCollections],
  breakpoints: [
    { label: '手机', name: 'phone', width: 390, height: 844 },
    { label: '桌面', name: 'desktop', width: 1280, height: 800 },
  ],
  url: async ({ data, collectionConfig, req }) => {
    if (!collectionConfig || data?.id === undefined || data?.id === null) return null
    if (await staffPreviewRefusal(req, [districtOfDocument(collectionConfig.slug, data)])) return null
    return `${adminOrigin(req)}/api/preview/${collectionConfig.slug}/${data.id}/live`
  },
}

/** Adds the 预览链接 button to a previewable collection's edit view. */
export function withPreviewLink(collection: CollectionConfig): CollectionConfig {
  if (!(previewCollections as readonly string[]).includes(collection.slug)) return collection
  return {
    ...collection,
    admin: {
      ...collection.admin,
      preview: async (doc, { req }) => {
        if (doc?.id === undefined || doc?.id === null) return null
        if (await staffPreviewRefusal(req, [districtOfDocument(collection.slug, doc)])) return null
        const path = await signedPreviewPath(req, collection.slug, String(doc.id))
        return path ? `${adminOrigin(req)}${path}` : null
      },
    },
  }
}
