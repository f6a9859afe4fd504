/**
 * A page's meta description (search engines and shared links show it; Lighthouse's SEO audit wants
 * one on every page): the editor's summary, or else the opening of the body's text, cut at a
 * sentence or clause so it does not stop mid-word.
 */
import { DomUtils, parseDocument } from 'htmlparser2'

const longest = 120
const clauseEnd = /[。！？；，、,.;!?]/

/** The opening of an HTML body as plain text, at most ~120 characters, ending at a clause when one ends in the second half. */
export function bodyLead(bodyHtml: string | null | undefined): string {
  const text = DomUtils.textContent(parseDocument(bodyHtml ?? ''))
    .replace(/\s+/g, ' ')
    .trim()
  if (text.length <= longest) return text
  for (let i = longest - 1; i >= longest / 2; i--) if (clauseEnd.test(text[i]!)) return text.slice(0, i + 1)
  return `${text.slice(0, longest)}…`
}

/** The first of the given texts that has words in it, else the opening of the body. */
export function describe(texts: (string | null | undefined)[], bodyHtml?: string | null): string | undefined {
  return texts.find((t) => t?.trim())?.trim() || bodyLead(bodyHtml) || undefined
}
