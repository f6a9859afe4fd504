import { LinkFeature, lexicalEditor } from '@payloadcms/richtext-lexical'
import type { Field, FieldAffectingData } from 'payload'

/**
 * The rich-text editor of every collection: Payload's default features, with links saved exactly
 * as typed. Payload's link feature passes any URL its `validateUrl` does not recognise — a host
 * without a dot such as `http://localhost:4321/xinhong/`, an intranet name — through
 * encodeURIComponent on every save, so the stored link was `http%3A%2F%2F…` after one save and
 * `http%25253A…` after three, and the page linked to 页面未找到. Which links are allowed is
 * decided by our own check (shared/safeText.ts isSafeHref, cms/fields/textHygiene.ts).
 */
const linksAsTyped = ({ defaultFields }: { defaultFields: FieldAffectingData[] }): Field[] =>
  defaultFields.map((field) =>
    field.name === 'url' && field.type === 'text' ? { ...field, hooks: { ...field.hooks, beforeChange: [] } } : field,
  ) as Field[]

export const richTextEditor = lexicalEditor({
  features: ({ defaultFeatures }) =>
    defaultFeatures.map((feature) => (feature.key === 'link' ? LinkFeature({ fields: linksAsTyped }) : feature)),
})
