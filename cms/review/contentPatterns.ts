/**
 * Error patterns of the pre-publish content check (错敏词检查): unbalanced and
 * mixed brackets and quotes, duplicated punctuation, digit width mixes,
 * half-width punctuation between Chinese characters. Heuristics: they warn, never block.
 */

/** One hit of a pattern rule inside one text. */
export type PatternHit = { index: number; length: number; message: string }

export type PatternRule = {
  /** Stable id, reported as `Finding.rule`. */
  rule: string
  /** What the rule looks for (Chinese), for lists of rules in the admin. */
  description: string
  find: (text: string) => PatternHit[]
}

/** Position as messages give it, counted from 1. */
export const at = (index: number) => `第${index + 1}个字处`

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
      regexHits(text, numberPattern, (m) => `${at(m.index)}数字“${m[0]}”全角半角混用，应为“${toHalfWidthDigits(m[0])}”`).filter((hit) => {
        const number = text.slice(hit.index, hit.index + hit.length)
        return hasFullWidthDigit(number) && hasHalfWidthDigit(number)
      }),
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
