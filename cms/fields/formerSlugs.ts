import type { FieldHook, TextField } from 'payload'

import { t } from './label'

/**
 * The slugs a published item had before: when its slug changes, the old one is kept here and the
 * sites build a redirect page at the old address (site/pages/[...moved].astro), so links, QR codes
 * and bookmarks keep working. Written by the server only: whatever a client sends is ignored.
 */
const recordFormerSlug: FieldHook = ({ siblingData, originalDoc, operation }) => {
  const kept: string[] = Array.isArray(originalDoc?.formerSlugs)
    ? originalDoc.formerSlugs.filter((s: unknown): s is string => typeof s === 'string')
    : []
  const before = typeof originalDoc?.slug === 'string' ? originalDoc.slug : undefined
  const after = typeof siblingData?.slug === 'string' ? siblingData.slug : before
  // Only a visitor-facing address needs a redirect: a published item (or one of a collection without drafts).
  const wasPublic = originalDoc && (originalDoc._status === undefined || originalDoc._status === 'published')
  if (operation === 'update' && wasPublic && before && after && before !== after) kept.push(before)
  return [...new Set(kept)].filter((slug) => slug !== after)
}

export const formerSlugsField: TextField = {
  name: 'formerSlugs',
  type: 'text',
  hasMany: true,
  label: t('旧网址别名', 'Former slugs'),
  hooks: { beforeChange: [recordFormerSlug] },
  admin: {
    readOnly: true,
    position: 'sidebar',
    description: t(
      '发布后改过网址别名时由系统记录：旧网址自动跳转到新网址',
      'Recorded when a published item’s slug changes: the old address redirects to the new one',
    ),
  },
}
