/**
 * Input hygiene shared by the CMS (on save) and the sites (when rendering).
 * Text is always escaped when it is rendered; this module handles what escaping
 * cannot: invisible characters and link schemes.
 */

/**
 * Characters that change how text reads without being seen: bidirectional
 * embeddings/overrides/isolates (a U+202E flips "gpj.exe" into "exe.jpg") and
 * zero-width spaces and joiners that would split "禁词" so a word list no longer
 * matches it. They have no use in Chinese government copy. The zero-width
 * joiner (U+200D) stays: emoji sequences need it.
 */
const invisible = /[\u200B\u200C\u2060\uFEFF\u180E\u202A-\u202E\u2066-\u2069]/g

/** Removes invisible/bidi control characters and replaces broken surrogate halves with U+FFFD. */
export function cleanText(value: string): string {
  return value.toWellFormed().replace(invisible, '')
}

/** Schemes a link on a public page may use; anything else (javascript:, data:, file:, vbscript: …) is refused. */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/**
 * True for http(s)/mailto/tel URLs and relative ones (`/path`, `#anchor`, `?q`, `page/`).
 * Browsers ignore tabs/newlines and leading control characters inside a scheme
 * ("java\tscript:"), so those are stripped before the scheme is read; protocol-relative
 * links (`//host`, also spelt with backslashes) leave the site and are refused.
 */
export function isSafeHref(href: string): boolean {
  // Control characters are exactly what is being removed here (browsers ignore them inside a scheme).
  // eslint-disable-next-line no-control-regex
  const compact = href.replace(/[\u0000-\u0020\u007F]+/g, '')
  if (compact === '') return false
  const scheme = /^([a-zA-Z][a-zA-Z\d+.-]*):/.exec(compact)
  // Browsers read a backslash as a slash in http(s) URLs: "/\\evil.example/" opens //evil.example/, off-site.
  if (!scheme) return !compact.replace(/\\/g, '/').startsWith('//')
  return allowedSchemes.has(`${scheme[1]!.toLowerCase()}:`)
}

/**
 * True when a stored link target can become an `href` on a public page: an absolute http(s) URL, a
 * mailto:/tel: link, or a site path (`/…`, `./…`, `../…`, `#…`, `?…`). Anything else — "www.gov.cn"
 * without a scheme, "区委组织部", pasted markup — would become a relative link to a page that does
 * not exist (hostile strings made 106 broken links on one site), so it is shown as plain text.
 */
export function isLinkableHref(href: string): boolean {
  const value = href.trim()
  if (!value || !isSafeHref(value) || /\s/.test(value)) return false
  if (/^(https?):/i.test(value)) return isHttpUrl(value)
  if (/^(mailto|tel):/i.test(value)) return true
  return /^(\/(?![/\\])|\.\.?\/|#|\?)/.test(value)
}

/** `tel:` link for a phone number (digits, spaces, dashes, dots, parentheses, a leading +, an extension); else undefined (shown as text). */
export function telHref(phone: string | null | undefined): string | undefined {
  // An extension (转 8001) is read out by the person answering; the link dials the main number.
  const value = phone?.trim().replace(/\s*(转|分机|ext\.?)\s*\d+$/i, '')
  if (!value || !/^\+?[\d\s().-]{3,30}$/.test(value) || !/\d{3}/.test(value.replace(/\D/g, ''))) return undefined
  return `tel:${value.replace(/[^\d+]/g, '')}`
}

/** `mailto:` link for one plain e-mail address; else undefined (shown as text). */
export function mailtoHref(email: string | null | undefined): string | undefined {
  const value = email?.trim()
  return value && /^[^\s@<>()"',;:\\]+@[^\s@<>()"',;:\\]+\.[a-z]{2,}$/i.test(value) ? `mailto:${value}` : undefined
}

/** An absolute http(s) URL (site base URLs, contact websites). */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value)
  } catch {
    return false
  }
}

/** JSON for a `<script type="application/ld+json">`: `</script>` and `<!--` in text cannot end the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** A #RRGGBB colour, or the fallback: colours go into CSS, where anything else could inject rules. */
export function safeColor(value: string | null | undefined, fallback: string): string {
  return value && /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback
}
