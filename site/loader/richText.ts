/** Rich text to HTML for the site's pages, at load time (the loader's toEntryData). */
import type { SerializedAutoLinkNode, SerializedLinkNode } from '@payloadcms/richtext-lexical'
import type { HTMLConverter, HTMLConvertersFunction } from '@payloadcms/richtext-lexical/html'

import { isLinkableHref } from '../../shared/safeText'

/**
 * Payload's link converters pass URLs through a permissive sanitiser (it keeps file:, ftp: and data:
 * images). Links on our pages may only be http(s), mailto, tel or site paths (shared/safeText.ts,
 * isLinkableHref); any other link — unsafe, or a non-URL string such as "www.gov.cn" or "区委组织部"
 * that would become a broken relative link — keeps its text and loses the link.
 */
const safeLinkConverters: HTMLConvertersFunction = ({ defaultConverters }) => {
  const guard =
    <N extends SerializedLinkNode | SerializedAutoLinkNode>(original: HTMLConverter<N> | undefined): HTMLConverter<N> =>
    (args) => {
      const url = args.node.fields.linkType === 'internal' ? '' : String(args.node.fields.url ?? '')
      if (isLinkableHref(url) && typeof original === 'function') return original(args)
      return `<span>${args.nodesToHTML({ nodes: args.node.children }).join('')}</span>`
    }
  return { ...defaultConverters, link: guard(defaultConverters.link), autolink: guard(defaultConverters.autolink) }
}

/** Lexical rich text as Payload stores it (the converter's input). */
type RichText = Parameters<typeof import('@payloadcms/richtext-lexical/html').convertLexicalToHTML>[0]['data']

export const bodyToHtml = async (body: RichText | null | undefined) => {
  if (!body || typeof body !== 'object') return undefined
  const { convertLexicalToHTML } = await import('@payloadcms/richtext-lexical/html')
  return convertLexicalToHTML({ data: body, disableContainer: true, converters: safeLinkConverters }) || undefined
}
