/**
 * Search result excerpts, made in the browser from a page's text. Pagefind's own excerpt marks
 * every segment its Chinese tokenizer matched — for 小虹帽 each 小, 虹 and 帽 on the page — and may
 * begin mid-word; this one marks only what was typed and begins at a sentence or clause.
 */
export type ExcerptPart = { text: string; mark: boolean }

/** Where a clause may begin: after Chinese or Western sentence and clause punctuation, or a line break. */
const boundary = /[。！？；，、：,.;:!?\n]/
const lead = 40
const length = 110

/** The terms to mark: what was typed, and its space-separated words of two or more characters. */
export function searchTerms(query: string): string[] {
  const whole = query.trim()
  const words = whole.split(/\s+/).filter((w) => w.length >= 2 || w === whole)
  return [...new Set([whole, ...words])].filter(Boolean).sort((a, b) => b.length - a.length)
}

/** Up to ~110 characters of `content` around the first term found, as text and marked parts. */
export function excerpt(content: string, query: string): ExcerptPart[] {
  const text = content.replace(/\s+/g, ' ').trim()
  const terms = searchTerms(query)
  const lower = text.toLowerCase()
  const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0)
  const first = hits.length ? Math.min(...hits) : 0
  // Near the start: from the start. Else back up to the clause the term is in; with no boundary near, start at the term itself.
  const from = Math.max(0, first - lead)
  let clause = -1
  for (let i = first - 1; i >= from && clause < 0; i--) if (boundary.test(text[i]!)) clause = i
  const start = from === 0 ? 0 : clause >= 0 ? clause + 1 : first
  // End at a sentence's end when one is close to the length.
  let end = Math.min(text.length, start + length)
  const stop = end < text.length ? text.slice(end - 20, end).search(/[。！？]/) : -1
  if (stop >= 0) end = end - 20 + stop + 1
  const window = text.slice(start, end).trimStart()
  const parts: ExcerptPart[] = []
  if (start > 0) parts.push({ text: '…', mark: false })
  const pattern = terms.length ? new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi') : undefined
  let at = 0
  for (const match of pattern ? window.matchAll(pattern) : []) {
    if (match.index! > at) parts.push({ text: window.slice(at, match.index), mark: false })
    parts.push({ text: match[0], mark: true })
    at = match.index! + match[0].length
  }
  if (at < window.length) parts.push({ text: window.slice(at), mark: false })
  if (end < text.length) parts.push({ text: '…', mark: false })
  return parts
}
