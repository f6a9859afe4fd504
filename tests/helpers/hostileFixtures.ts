/**
 * Hostile input shared by the tests that render it (hostile-input.test.ts on the built sites,
 * preview-admin.test.ts in preview): script tags, event handlers, javascript:/data: links, CSS
 * and markup break-outs, a broken surrogate pair, zero-width and RTL-override characters; and
 * `hostileData`, which fills a whole collection's text fields with it.
 */
import type { Field } from 'payload'

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

/** Text fields with a format of their own (checked by their validators); the test gives them valid values. */
const formatted = new Set(['id', 'slug', 'themeColor', 'color', 'baseUrl', 'website', 'asOf'])

/**
 * Fills every text-like field of a collection with HOSTILE (cut to the field's limit), one row per
 * array, recursing into groups, rows and tabs. Fields with their own format (slugs, colours, URLs,
 * dates as text) validate and are left to `base`.
 */
export function hostileData(fields: Field[], base: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') Object.assign(out, hostileData(field.fields, out))
    else if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) out[tab.name] = hostileData(tab.fields, (out[tab.name] as Record<string, unknown>) ?? {})
        else Object.assign(out, hostileData(tab.fields, out))
      }
    }
    if (!('name' in field) || (field.name in base && !['group'].includes(field.type))) continue
    const limit = 'maxLength' in field && field.maxLength ? field.maxLength : Infinity
    if ((field.type === 'text' || field.type === 'textarea') && !formatted.has(field.name)) {
      const value = HOSTILE.slice(0, limit)
      out[field.name] = 'hasMany' in field && field.hasMany ? [value] : value
    } else if (field.type === 'richText') out[field.name] = hostileBody()
    else if (field.type === 'group') out[field.name] = hostileData(field.fields, (base[field.name] as Record<string, unknown>) ?? {})
    else if (field.type === 'array') out[field.name] = [hostileData(field.fields)]
    else if (field.type === 'date' && field.required) out[field.name] = '2026-11-01T12:00:00.000Z'
  }
  return out
}
