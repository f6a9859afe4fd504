import type { CollectionSlug, PayloadRequest } from 'payload'

/**
 * A document as its main (published or last saved) version stands, not a draft: hooks ask it after a
 * draft save, when `doc`/`previousDoc` are the draft. Read with the server's rights inside the
 * request's transaction; a missing document is `null`.
 */
export async function storedMainVersion(req: PayloadRequest, collection: CollectionSlug, id: number | string) {
  return req.payload.findByID({ collection, id, depth: 0, draft: false, overrideAccess: true, req, disableErrors: true })
}
