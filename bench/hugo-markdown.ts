/** Payload Lexical rich text → Markdown, for the Hugo reference build (bench/hugo.ts). */

type LexicalNode = {
  type?: string
  children?: LexicalNode[]
  text?: string
  format?: number | string
  tag?: string
  listType?: string
  start?: number
  checked?: boolean
  url?: string
  fields?: { url?: string; linkType?: string }
}

// Lexical's text format bit flags.
const BOLD = 1
const ITALIC = 2
const STRIKETHROUGH = 4
const CODE = 16

/** Backslash-escapes what Markdown would read as syntax (CommonMark allows it before any ASCII punctuation). */
const escapeText = (text: string) => text.replace(/[\\`*_[\]<>&~]/g, '\\$&')

/** Escapes what would start a block (heading, quote, list, setext underline) at the start of a line. */
const escapeLineStarts = (markdown: string) =>
  markdown
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n')

/** Emphasis markers and the Lexical format bit each stands for. */
const emphasis: [bit: number, marker: string][] = [
  [BOLD, '**'],
  [ITALIC, '*'],
  [STRIKETHROUGH, '~~'],
]

const formatOf = (node: LexicalNode | undefined) => (typeof node?.format === 'number' ? node.format : 0)

const codeSpan = (raw: string) => (raw.includes('`') ? `\`\` ${raw} \`\`` : `\`${raw}\``)

/** A newline inside a paragraph is a hard break, as in the editor. */
const hardBreaks = (text: string) => text.replace(/\n/g, '\\\n')

/** Only addresses a reader could follow; anything else (javascript:, internal links without a URL) stays plain text. */
const safeUrl = (url: unknown) =>
  typeof url === 'string' && /^(https?:|mailto:|tel:|\/|#|\.{0,2}\/)/i.test(url.trim())
    ? url.trim().replace(/[()\s<>]/g, encodeURIComponent)
    : undefined

/**
 * Inline children as Markdown. Neighbouring text nodes share their markers — opened where a format
 * starts, closed where it ends, the longer-lasting format outside — since per-node markers collide
 * (`*a*` + `***b***` reads as `*a****b***`); and markers hug the text, whitespace stays outside them.
 */
function inline(nodes: LexicalNode[] | undefined): string {
  const siblings = nodes ?? []
  /** How many of the text nodes from `from` on keep the format `bit` (whitespace and breaks don't interrupt it). */
  const lasts = (from: number, bit: number) => {
    let count = 0
    for (const next of siblings.slice(from)) {
      if (next?.type === 'linebreak' || next?.type === 'tab' || (next?.type === 'text' && !next.text?.trim())) continue
      if (next?.type !== 'text' || !(formatOf(next) & bit) || formatOf(next) & CODE) break
      count++
    }
    return count
  }
  let out = ''
  const open: string[] = []
  let pendingSpace = '' // whitespace after the last text, written after any closing markers
  const closeTo = (depth: number) => {
    while (open.length > depth) out += open.pop()
  }
  const flush = () => {
    closeTo(0)
    out += hardBreaks(pendingSpace)
    pendingSpace = ''
  }
  for (const [i, node] of siblings.entries()) {
    if (!node || typeof node !== 'object') continue
    const format = formatOf(node)
    if (node.type === 'text' && !(format & CODE)) {
      const raw = node.text ?? ''
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(raw) ?? []
      if (!core) {
        pendingSpace += raw
        continue
      }
      const wanted = emphasis.filter(([bit]) => format & bit)
      const firstUnwanted = open.findIndex((marker) => !wanted.some(([, m]) => m === marker))
      closeTo(firstUnwanted === -1 ? open.length : firstUnwanted)
      out += hardBreaks(pendingSpace + lead)
      const opening = wanted.filter(([, m]) => !open.includes(m)).sort(([a], [b]) => lasts(i, b) - lasts(i, a))
      for (const [, marker] of opening) {
        out += marker
        open.push(marker)
      }
      out += hardBreaks(escapeText(core))
      pendingSpace = trail
      continue
    }
    if (node.type === 'linebreak' || node.type === 'tab') {
      pendingSpace += node.type === 'tab' ? '\t' : '\n'
      continue
    }
    flush()
    if (node.type === 'text') out += codeSpan(node.text ?? '')
    else if (node.type === 'link' || node.type === 'autolink') {
      const label = inline(node.children)
      const url = safeUrl(node.fields?.url ?? node.url)
      out += url && label.trim() ? `[${label}](${url})` : label
    } else out += node.children ? inline(node.children) : typeof node.text === 'string' ? hardBreaks(escapeText(node.text)) : ''
  }
  flush()
  return out
}

/** Inline children as one block's text: no breaks or spaces at either end (a trailing backslash would be printed). */
const blockText = (nodes: LexicalNode[] | undefined) => inline(nodes).replace(/^(?:\s|\\\n)+|(?:\s|\\\n)+$/g, '')

function list(node: LexicalNode): string {
  const ordered = node.listType === 'number'
  let number = typeof node.start === 'number' ? node.start : 1
  let markerWidth = ordered ? 3 : 2
  const lines: string[] = []
  for (const item of node.children ?? []) {
    const children = item?.children ?? []
    const nested = children.filter((c) => c?.type === 'list')
    const text = blockText(children.filter((c) => c?.type !== 'list'))
    // A Lexical list item holding only a nested list is indentation, not an item of its own.
    if (text || !nested.length) {
      const check = node.listType === 'check' ? (item.checked ? '[x] ' : '[ ] ') : ''
      const marker = ordered ? `${number++}. ` : '- '
      markerWidth = marker.length
      lines.push(marker + check + escapeLineStarts(text).replace(/\n/g, `\n${' '.repeat(markerWidth)}`))
    }
    for (const sub of nested) lines.push(list(sub).replace(/^(?=.)/gm, ' '.repeat(markerWidth)))
  }
  return lines.join('\n')
}

function block(node: LexicalNode): string {
  switch (node.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(/^h([1-6])$/.exec(node.tag ?? '')?.[1] ?? 2)))
      // One line, and a trailing '#' run escaped so it is not read as the closing sequence.
      const text = blockText(node.children)
        .replace(/\\\n/g, ' ')
        .replace(/(^|\s)(#+)$/, '$1\\$2')
      return text && `${'#'.repeat(level)} ${text}`
    }
    case 'quote': {
      const text = escapeLineStarts(blockText(node.children))
      return text && text.replace(/^/gm, '> ')
    }
    case 'list':
      return list(node)
    case 'horizontalrule':
      return '---'
    case 'code': {
      const text = (node.children ?? []).map((c) => (c?.type === 'linebreak' ? '\n' : (c?.text ?? ''))).join('')
      return text && `~~~~\n${text}\n~~~~`
    }
    default:
      // paragraph, and any unknown node: its text children as a paragraph
      return escapeLineStarts(blockText(node.children ?? (typeof node.text === 'string' ? [{ type: 'text', text: node.text }] : [])))
  }
}

/** Payload Lexical JSON (root → paragraphs, headings, quotes, lists → text) as Markdown; '' for no body. */
export function lexicalToMarkdown(body: unknown): string {
  const root = (body as { root?: LexicalNode } | null | undefined)?.root
  if (!root || !Array.isArray(root.children)) return ''
  return root.children
    .filter((n) => n && typeof n === 'object')
    .map(block)
    .filter(Boolean)
    .join('\n\n')
}
