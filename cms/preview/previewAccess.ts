/**
 * Who may see a preview: staff (administrators, district editors, writers) whose district scope
 * includes the item's district — the same scope that lets them work on it. The site builder's
 * read-only key, anonymous visitors and staff of other districts are refused; a signed link
 * (./signedLinks.ts) stands in for a session.
 */
import type { PayloadRequest } from 'payload'

import { districtScope, hasAnyRole } from '../access/districtScope'
import { relationId, type RelationValue } from '../fields/ids'

/** The district a previewed document belongs to (a district is its own). */
export const districtOfDocument = (collection: string, doc: { id?: unknown; district?: unknown }) =>
  collection === 'districts' ? relationId(doc.id as RelationValue) : relationId(doc.district as RelationValue)

export type PreviewRefusal = { status: 401 | 403; message: string }

export async function staffPreviewRefusal(
  req: PayloadRequest,
  districtIds: (string | number | null)[],
): Promise<PreviewRefusal | undefined> {
  if (!req.user) return { status: 401, message: '预览需要登录或有效的预览链接 / Preview needs a staff session or a valid preview link' }
  if (!hasAnyRole(req.user, 'admin', 'district-editor', 'writer'))
    return { status: 403, message: '此账号无权预览 / This account may not preview' }
  const scope = await districtScope(req)
  if (scope === 'all') return undefined
  const outside = districtIds.some((id) => id === null || !scope.includes(String(id)))
  return outside ? { status: 403, message: '此内容不在您负责的区域内，无权预览 / This item is outside your districts' } : undefined
}
