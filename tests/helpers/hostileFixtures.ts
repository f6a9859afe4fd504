/**
 * Hostile input shared by the tests that render it (hostile-input.test.ts on the built sites,
 * preview-admin.test.ts in preview): script tags, event handlers, javascript:/data: links, CSS
 * and markup break-outs, a broken surrogate pair, zero-width and RTL-override characters.
 */
import { cleanText } from '../../shared/safeText'

/** Everything at once; each `alert(n)` would open a dialog if it ever ran. */
export const HOSTILE =
  `<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>` +
  `"'></style></title></textarea><a href="javascript:alert(4)">链</a>` +
  `<style>body{display:none}</style>{{7*7}}` +
  `\u202Eevil\u202C 禁\u200B词 \uD800 end`
/** What the CMS keeps of it: the visible text, without the invisible/broken characters. */
export const STORED = cleanText(HOSTILE)

export type Lexical = Record<string, unknown>
export const text = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'text',
  text: value,
  format: 0,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
  ...extra,
})
export const block = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  type,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 1,
  ...extra,
})
export const link = (url: string, label: string) => block('link', [text(label)], { fields: { url, linkType: 'custom', newTab: false } })

/**
 * A body with hostile text in every kind of node the editor makes. `malformed` adds node shapes the
 * editor's own validation refuses (a <script> heading, an attribute break-out in a list value, an
 * unknown node with raw HTML) — data that could only arrive around the CMS, e.g. an import.
 */
export function hostileBody(linkUrl = 'https://www.shanghai.gov.cn/', malformed = false): Lexical {
  return {
    root: block('root', [
      block('paragraph', [text(HOSTILE), text(HOSTILE, { style: 'background:url(javascript:alert(5))', format: 1 })]),
      block('heading', [text(HOSTILE)], { tag: malformed ? 'script' : 'h2' }),
      block('paragraph', [link(linkUrl, HOSTILE)]),
      block('list', [block('listitem', [text(HOSTILE)], { value: malformed ? '1" onmouseover="alert(6)' : 1 })], {
        tag: 'ol',
        listType: 'number',
      }),
      block('quote', [text(HOSTILE)]),
      ...(malformed ? [{ type: 'html', html: '<script>alert(7)</script>', version: 1 }] : []),
    ]),
  }
}
