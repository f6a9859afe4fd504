/**
 * Pre-publish content check (错敏词检查) for news, activities and campaigns.
 *
 * Pure and dependency-free: the CMS calls it before submit and before publish
 * with the plain text of title, summary and body (see `lexicalToPlainText` in
 * `./lexicalPlainText.ts`; the error patterns are in `./contentPatterns.ts`)
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

import { at, defaultPatterns, type PatternRule } from './contentPatterns'

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
