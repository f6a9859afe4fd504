/**
 * Pre-publish content check (错敏词检查) for news, activities and campaigns.
 *
 * Pure and dependency-free: the CMS calls it before submit and before publish
 * with the plain text of title, summary and body (see `lexicalToPlainText`)
 * and the word list of the record's district (see `wordsForDistrict` in
 * `cms/collections/WordLists.ts`).
 *
 * Positions: `index` is the offset in the field's plain text in UTF-16 code
 * units (what JavaScript strings index by; one per Chinese character), and
 * messages count from 1 (“第1个字” is the first character).
 *
 * Severity (see `summarise`):
 * - forbidden words (禁用词) BLOCK submit/publish;
 * - warning words (慎用词) and error patterns are WARNINGS: the editor must
 *   confirm them, after which the record may be submitted/published. Patterns
 *   are heuristics (a quote may legitimately span paragraphs, a digit may come
 *   from a pasted source), so they never block on their own.
 */

export type FindingLevel = 'forbidden' | 'warning' | 'pattern'

export type Finding = {
  /** Field path, e.g. `title`, `summary`, `body`. */
  path: string
  level: FindingLevel
  /** `word:<word>` for word-list hits, the pattern's id for pattern hits. */
  rule: string
  /** Chinese message saying what was found and where. */
  message: string
  /** Offset of the match in the field's plain text. */
  index: number
  length: number
  /** The match with about 10 characters either side (line breaks shown as spaces). */
  excerpt: string
}

export type WordRule = { word: string; level: 'forbidden' | 'warning'; note?: string }

/** One hit of a pattern rule inside one text. */
export type PatternHit = { index: number; length: number; message: string }

export type PatternRule = {
  /** Stable id, reported as `Finding.rule`. */
  rule: string
  /** What the rule looks for (Chinese), for lists of rules in the admin. */
  description: string
  find: (text: string) => PatternHit[]
}

const excerptRadius = 10

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

/**
 * Full-width Latin letters and digits → half-width, Latin upper case → lower
 * case. Maps every UTF-16 code unit to exactly one code unit, so offsets in
 * the normalised text are offsets in the original.
 */
export function normaliseForMatching(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    // ０-９, Ａ-Ｚ, ａ-ｚ → 0-9, A-Z, a-z
    if ((code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a)) {
      code -= 0xfee0
    }
    if (code >= 0x41 && code <= 0x5a) code += 0x20
    out += String.fromCharCode(code)
  }
  return out
}

function excerptOf(text: string, index: number, length: number): string {
  let start = Math.max(0, index - excerptRadius)
  let end = Math.min(text.length, index + length + excerptRadius)
  // Never cut a surrogate pair in half.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++
  return text.slice(start, end).replace(/\s+/g, ' ')
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

const at = (index: number) => `第${index + 1}个字处`

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

type PreparedWord = { word: string; key: string; level: 'forbidden' | 'warning'; notes: string[] }

/** Trims, drops blanks and merges duplicates (the same word in two lists): forbidden wins over warning. */
function prepareWords(words: WordRule[]): PreparedWord[] {
  const byKey = new Map<string, PreparedWord>()
  for (const rule of words ?? []) {
    const word = typeof rule?.word === 'string' ? rule.word.trim() : ''
    if (!word) continue
    const key = normaliseForMatching(word)
    const level = rule.level === 'warning' ? 'warning' : 'forbidden'
    const note = typeof rule.note === 'string' ? rule.note.trim() : ''
    const existing = byKey.get(key)
    if (!existing) {
      byKey.set(key, { word, key, level, notes: note ? [note] : [] })
      continue
    }
    if (level === 'forbidden' && existing.level === 'warning') {
      existing.level = 'forbidden'
      existing.word = word
    }
    if (note && !existing.notes.includes(note)) existing.notes.push(note)
  }
  return [...byKey.values()]
}

function wordFindings(path: string, text: string, normalised: string, word: PreparedWord): Finding[] {
  const findings: Finding[] = []
  const kind = word.level === 'forbidden' ? '禁用词' : '慎用词'
  const note = word.notes.length ? `（${word.notes.join('；')}）` : ''
  for (let index = normalised.indexOf(word.key); index !== -1; index = normalised.indexOf(word.key, index + word.key.length)) {
    const original = text.slice(index, index + word.key.length)
    const asWritten = original === word.word ? '' : `（原文“${original}”）`
    findings.push({
      path,
      level: word.level,
      rule: `word:${word.word}`,
      message: `${at(index)}发现${kind}“${word.word}”${asWritten}${note}`,
      index,
      length: word.key.length,
      excerpt: excerptOf(text, index, word.key.length),
    })
  }
  return findings
}

// ---------------------------------------------------------------------------
// Error patterns
// ---------------------------------------------------------------------------

/**
 * Paragraphs of a text (split at blank lines, as `lexicalToPlainText` separates
 * paragraphs) with their offsets. A single line break (a poem, a list item)
 * stays inside its paragraph.
 */
function paragraphsOf(text: string): { start: number; text: string }[] {
  const result: { start: number; text: string }[] = []
  const separator = /\n[^\S\n]*\n\s*/g
  let start = 0
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    result.push({ start, text: text.slice(start, match.index) })
    start = match.index + match[0].length
  }
  result.push({ start, text: text.slice(start) })
  return result
}

const isLatinLetter = (ch: string | undefined) => ch !== undefined && /[A-Za-z\uff21-\uff3a\uff41-\uff5a]/.test(ch)

/**
 * Chinese quotes of one kind must pair up within a paragraph. A quotation
 * running over several paragraphs is allowed by convention: each paragraph
 * opens with a left quote and only the last closes it.
 */
function quotePairs(
  text: string,
  open: string,
  close: string,
  skipClose: (line: string, i: number) => boolean = () => false,
): PatternHit[] {
  const hits: PatternHit[] = []
  const paragraphs = paragraphsOf(text)
  paragraphs.forEach((paragraph, p) => {
    let openAt = -1
    for (let i = 0; i < paragraph.text.length; i++) {
      const ch = paragraph.text[i]
      if (ch === open) {
        if (openAt !== -1) hits.push(missingClose(paragraph.start + openAt, close))
        openAt = i
      } else if (ch === close) {
        if (skipClose(paragraph.text, i)) continue
        if (openAt === -1) hits.push(missingOpen(paragraph.start + i, open))
        else openAt = -1
      }
    }
    if (openAt !== -1) {
      // Continued quotation: the next non-empty paragraph opens with the same quote.
      const next = paragraphs.slice(p + 1).find((line) => line.text.trim() !== '')
      if (!next || !next.text.trimStart().startsWith(open)) hits.push(missingClose(paragraph.start + openAt, close))
    }
  })
  return hits
}

const quoteName = (mark: string) => (mark === '“' || mark === '”' ? '中文引号' : '中文单引号')
const missingClose = (index: number, close: string): PatternHit => ({
  index,
  length: 1,
  message: `${at(index)}${quoteName(close)}不成对：缺少右引号${close}`,
})
const missingOpen = (index: number, open: string): PatternHit => ({
  index,
  length: 1,
  message: `${at(index)}${quoteName(open)}不成对：缺少左引号${open}`,
})

/** Brackets: closing mark → opening mark. `(`/`)` take part only to catch `（…)` and `(…）`. */
const bracketOpen: Record<string, string> = { '）': '（', '】': '【', '》': '《', '〉': '〈', ')': '(' }
const bracketClose: Record<string, string> = { '（': '）', '【': '】', '《': '》', '〈': '〉', '(': ')' }
const parenFamily = new Set(['（', '）', '(', ')'])

function bracketHits(text: string): { unbalanced: PatternHit[]; mixed: PatternHit[] } {
  const unbalanced: PatternHit[] = []
  const mixed: PatternHit[] = []
  const unclosed = (index: number, mark: string): PatternHit => ({
    index,
    length: 1,
    message: `${at(index)}括号不成对：${mark}缺少对应的${bracketClose[mark]}`,
  })
  for (const paragraph of paragraphsOf(text)) {
    const stack: { mark: string; index: number }[] = []
    for (let i = 0; i < paragraph.text.length; i++) {
      const ch = paragraph.text[i]
      const index = paragraph.start + i
      if (bracketClose[ch]) {
        stack.push({ mark: ch, index })
        continue
      }
      const wanted = bracketOpen[ch]
      if (!wanted) continue
      const top = stack[stack.length - 1]
      if (top && top.mark === wanted) {
        stack.pop()
        continue
      }
      if (top && parenFamily.has(ch) && parenFamily.has(top.mark)) {
        // （…) or (…）
        mixed.push({
          index,
          length: 1,
          message: `${at(index)}括号全角半角混用：${top.mark}与${ch}不配套，应为${top.mark}${bracketClose[top.mark]}`,
        })
        stack.pop()
        continue
      }
      const depth = stack.map((entry) => entry.mark).lastIndexOf(wanted)
      if (depth !== -1) {
        // Everything opened after the matching bracket was never closed.
        for (const entry of stack.splice(depth + 1)) {
          if (entry.mark !== '(') unbalanced.push(unclosed(entry.index, entry.mark))
        }
        stack.pop()
        continue
      }
      // A lone half-width `)` is usually list numbering (“1)”), not an error.
      if (ch !== ')') {
        unbalanced.push({ index, length: 1, message: `${at(index)}括号不成对：${ch}缺少对应的${wanted}` })
      }
    }
    for (const entry of stack) {
      if (entry.mark !== '(') unbalanced.push(unclosed(entry.index, entry.mark))
    }
  }
  return { unbalanced, mixed }
}

const cjk = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff'

function regexHits(text: string, pattern: RegExp, message: (match: RegExpExecArray) => string): PatternHit[] {
  const hits: PatternHit[] = []
  const regex = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++
      continue
    }
    hits.push({ index: match.index, length: match[0].length, message: message(match) })
  }
  return hits
}

/** Numbers: digit runs, with decimal points between digits. */
const numberPattern = /[0-9０-９]+(?:[.．][0-9０-９]+)*/g
const hasFullWidthDigit = (s: string) => /[０-９]/.test(s)
const hasHalfWidthDigit = (s: string) => /[0-9]/.test(s)
const toHalfWidthDigits = (s: string) => s.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))

/**
 * The default error patterns. Each was run over the shipped demo content
 * (`cms/seed/data/`), which produces no findings: keep it that way when
 * adding rules, false positives teach editors to click past the warnings.
 */
export const defaultPatterns: PatternRule[] = [
  {
    rule: 'unbalanced-double-quotes',
    description: '中文双引号“”不成对',
    find: (text) => quotePairs(text, '“', '”'),
  },
  {
    rule: 'unbalanced-single-quotes',
    description: '中文单引号‘’不成对（英文单词中的撇号’除外）',
    // ’ between two Latin letters is an apostrophe (Children’s), not a closing quote.
    find: (text) => quotePairs(text, '‘', '’', (line, i) => isLatinLetter(line[i - 1]) && isLatinLetter(line[i + 1])),
  },
  {
    rule: 'unbalanced-brackets',
    description: '括号《》（）【】〈〉不成对',
    find: (text) => bracketHits(text).unbalanced,
  },
  {
    rule: 'mixed-brackets',
    description: '全角括号与半角括号混用，如“（…)”',
    find: (text) => bracketHits(text).mixed,
  },
  {
    rule: 'duplicate-punctuation',
    description: '标点重复或连用，如“。。”“，，”“！！！”“，。”（省略号……和破折号——不算）',
    find: (text) =>
      regexHits(text, /[。，、；：！？]{2,}/g, (m) => `${at(m.index)}标点重复：“${m[0]}”`).filter(
        // ？！ and ！？ are accepted for a surprised question.
        (hit) => !/^(？！|！？)$/.test(text.slice(hit.index, hit.index + hit.length)),
      ),
  },
  {
    rule: 'mixed-width-digits',
    description: '同一数字中全角与半角数字混用，如“２0２1”',
    find: (text) =>
      regexHits(text, numberPattern, (m) => `${at(m.index)}数字“${m[0]}”全角半角混用，应为“${toHalfWidthDigits(m[0])}”`).filter(
        (hit) => {
          const number = text.slice(hit.index, hit.index + hit.length)
          return hasFullWidthDigit(number) && hasHalfWidthDigit(number)
        },
      ),
  },
  {
    rule: 'full-width-digits',
    description: '使用了全角数字，如“２０２１”（应使用半角数字）',
    find: (text) =>
      regexHits(text, numberPattern, (m) => `${at(m.index)}数字“${m[0]}”使用了全角数字，应为“${toHalfWidthDigits(m[0])}”`).filter(
        // numbers mixing both widths are reported by mixed-width-digits
        (hit) => {
          const number = text.slice(hit.index, hit.index + hit.length)
          return hasFullWidthDigit(number) && !hasHalfWidthDigit(number)
        },
      ),
  },
  {
    rule: 'half-width-punctuation',
    description: '中文之间使用了半角标点 , . : ; ! ?，如“党建,服务”',
    find: (text) =>
      regexHits(
        text,
        new RegExp(`(?<=[${cjk}”’）》】])[,.:;!?](?=[${cjk}“‘（《【])`, 'g'),
        (m) => `${at(m.index)}中文之间使用了半角标点“${m[0]}”，应为全角“${fullWidthOf(m[0])}”`,
      ),
  },
]

const fullWidthOf = (mark: string) => ({ ',': '，', '.': '。', ':': '：', ';': '；', '!': '！', '?': '？' })[mark] ?? mark

// ---------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------

const levelOrder: Record<FindingLevel, number> = { forbidden: 0, warning: 1, pattern: 2 }

/**
 * Every occurrence of every word (case-insensitive for Latin letters, with
 * full-width Latin letters and digits matching their half-width forms) and
 * every pattern hit in the given fields, sorted by path, then position.
 */
export function checkTexts(
  fields: { path: string; text: string }[],
  words: WordRule[],
  patterns: PatternRule[] = defaultPatterns,
): Finding[] {
  const prepared = prepareWords(words)
  const findings: Finding[] = []
  for (const field of fields ?? []) {
    const text = typeof field?.text === 'string' ? field.text : ''
    if (!text) continue
    const normalised = normaliseForMatching(text)
    for (const word of prepared) findings.push(...wordFindings(field.path, text, normalised, word))
    for (const pattern of patterns ?? []) {
      for (const hit of pattern.find(text)) {
        findings.push({
          path: field.path,
          level: 'pattern',
          rule: pattern.rule,
          message: hit.message,
          index: hit.index,
          length: hit.length,
          excerpt: excerptOf(text, hit.index, hit.length),
        })
      }
    }
  }
  return findings.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.index - b.index ||
      levelOrder[a.level] - levelOrder[b.level] ||
      b.length - a.length ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  )
}

/**
 * Forbidden words block submit and publish. Warning words and error patterns
 * are warnings: the editor has to confirm them, then may go ahead.
 */
export function summarise(findings: Finding[]): { blocking: Finding[]; warnings: Finding[] } {
  return {
    blocking: findings.filter((finding) => finding.level === 'forbidden'),
    warnings: findings.filter((finding) => finding.level !== 'forbidden'),
  }
}

// ---------------------------------------------------------------------------
// Lexical rich text → plain text
// ---------------------------------------------------------------------------

type LexicalNode = { type?: unknown; text?: unknown; children?: unknown }

/** Nodes that start their own line(s); everything else is inline and flows into its neighbours. */
const blockTypes = new Set([
  'root',
  'paragraph',
  'heading',
  'quote',
  'list',
  'listitem',
  'code',
  'table',
  'tablerow',
  'tablecell',
  'horizontalrule',
  'upload',
  'relationship',
  'block',
  'layout-container',
  'layout-item',
])

/** How a container's block-level parts are joined. */
const separators: Record<string, string> = { root: '\n\n', list: '\n', listitem: '\n', table: '\n', tablerow: '\t' }

const maxNesting = 100

function isNode(value: unknown): value is LexicalNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function renderNode(node: LexicalNode, depth: number): string {
  if (depth > maxNesting) return ''
  const type = typeof node.type === 'string' ? node.type : ''
  if (type === 'linebreak') return '\n'
  if (type === 'tab') return '\t'
  if (typeof node.text === 'string') return node.text
  if (!Array.isArray(node.children)) return ''
  const separator = separators[type] ?? '\n\n'
  const parts: string[] = []
  let inline = ''
  let inlineOpen = false
  for (const child of node.children) {
    if (!isNode(child)) continue
    const childType = typeof child.type === 'string' ? child.type : ''
    if (blockTypes.has(childType)) {
      if (inlineOpen) parts.push(inline)
      inline = ''
      inlineOpen = false
      parts.push(renderNode(child, depth + 1))
    } else {
      inline += renderNode(child, depth + 1)
      inlineOpen = true
    }
  }
  if (inlineOpen) parts.push(inline)
  // Empty paragraphs and the like would only add blank lines; table cells keep their places.
  return (type === 'tablerow' ? parts : parts.filter((part) => part !== '')).join(separator)
}

/**
 * Plain text of a Payload Lexical rich-text value (`{ root: { children } }`):
 * paragraphs, headings, quotes and lists separated by a blank line, list items
 * by a line break. Accepts the JSON as a string too; anything else gives ''.
 */
export function lexicalToPlainText(state: unknown): string {
  let value = state
  if (typeof value === 'string') {
    if (!value.trimStart().startsWith('{')) return ''
    try {
      value = JSON.parse(value)
    } catch {
      return ''
    }
  }
  if (!isNode(value) || !isNode((value as { root?: unknown }).root)) return ''
  try {
    return renderNode((value as { root: LexicalNode }).root, 0)
  } catch {
    return ''
  }
}
