import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { checkTexts, summarise, type Finding, type WordRule } from '../../cms/review/contentCheck'
import { defaultPatterns } from '../../cms/review/contentPatterns'
import { lexicalToPlainText } from '../../cms/review/lexicalPlainText'
import { paragraphsToLexical } from '../../cms/seed/lexical'

/** Pattern findings only, for one text in one field. */
const patternsIn = (text: string, path = 'body') => checkTexts([{ path, text }], [])
const rulesIn = (text: string) => patternsIn(text).map((f) => f.rule)

describe('checkTexts: word lists', () => {
  const words: WordRule[] = [
    { word: '禁词', level: 'forbidden', note: '请删除' },
    { word: '慎词', level: 'warning' },
  ]

  it('reports every occurrence with its position, excerpt and a Chinese message', () => {
    const text = '开头禁词中间禁词再禁词'
    const findings = checkTexts([{ path: 'title', text }], words)
    expect(findings.map((f) => f.index)).toEqual([2, 6, 9])
    expect(findings[0]).toEqual({
      path: 'title',
      level: 'forbidden',
      rule: 'word:禁词',
      message: '第3个字处发现禁用词“禁词”（请删除）',
      index: 2,
      length: 2,
      excerpt: text,
    })
  })

  it('names warned words as 慎用词 and gives ~10 characters either side as the excerpt', () => {
    const text = `${'一'.repeat(20)}慎词${'二'.repeat(20)}`
    const [finding] = checkTexts([{ path: 'summary', text }], words)
    expect(finding.level).toBe('warning')
    expect(finding.message).toBe('第21个字处发现慎用词“慎词”')
    expect(finding.excerpt).toBe(`${'一'.repeat(10)}慎词${'二'.repeat(10)}`)
  })

  it('matches Latin letters case-insensitively and full-width letters and digits as half-width', () => {
    const rules: WordRule[] = [
      { word: 'WE', level: 'warning' },
      { word: '５G网', level: 'forbidden' },
      { word: 'Ｘ光', level: 'forbidden' },
    ]
    const text = '德必we与ＷＥ以及We；5G网和５Ｇ网；x光'
    const findings = checkTexts([{ path: 'body', text }], rules).filter((f) => f.level !== 'pattern')
    expect(findings.map((f) => [f.rule, f.index, text.slice(f.index, f.index + f.length)])).toEqual([
      ['word:WE', 2, 'we'],
      ['word:WE', 5, 'ＷＥ'],
      ['word:WE', 9, 'We'],
      ['word:５G网', 12, '5G网'],
      ['word:５G网', 16, '５Ｇ网'],
      ['word:Ｘ光', 20, 'x光'],
    ])
    expect(findings[1].message).toBe('第6个字处发现慎用词“WE”（原文“ＷＥ”）')
  })

  it('sorts by path, then position, and merges a word listed twice (forbidden wins)', () => {
    const findings = checkTexts(
      [
        { path: 'title', text: '慎词，禁词' },
        { path: 'body', text: '禁词在前。慎词在后' },
      ],
      [...words, { word: '慎词', level: 'forbidden' }, { word: '  ', level: 'forbidden' }],
    )
    expect(findings.map((f) => [f.path, f.index, f.rule, f.level])).toEqual([
      ['body', 0, 'word:禁词', 'forbidden'],
      ['body', 5, 'word:慎词', 'forbidden'],
      ['title', 0, 'word:慎词', 'forbidden'],
      ['title', 3, 'word:禁词', 'forbidden'],
    ])
  })

  it('ignores empty texts and garbage fields', () => {
    expect(checkTexts([{ path: 'title', text: '' }], words)).toEqual([])
    expect(checkTexts([{ path: 'title', text: null as unknown as string }], words)).toEqual([])
  })
})

describe('checkTexts: error patterns', () => {
  it('has the documented default rules', () => {
    expect(defaultPatterns.map((p) => p.rule)).toEqual([
      'unbalanced-double-quotes',
      'unbalanced-single-quotes',
      'unbalanced-brackets',
      'mixed-brackets',
      'duplicate-punctuation',
      'mixed-width-digits',
      'full-width-digits',
      'half-width-punctuation',
    ])
  })

  it('unbalanced Chinese double quotes: reports the unmatched quote', () => {
    const [open] = patternsIn('党员说“你好，欢迎')
    expect(open).toMatchObject({ level: 'pattern', rule: 'unbalanced-double-quotes', index: 3, length: 1 })
    expect(open.message).toBe('第4个字处中文引号不成对：缺少右引号”')
    const [close] = patternsIn('德必 WE”人工智能（上海）中心')
    expect(close).toMatchObject({ rule: 'unbalanced-double-quotes', index: 5, message: '第6个字处中文引号不成对：缺少左引号“' })
    // two left quotes in a row: the first one is unmatched
    expect(patternsIn('“一“二”').map((f) => f.index)).toEqual([0])
    // a quote left open at the end of a paragraph that the next paragraph does not continue
    expect(patternsIn('第一段“引文\n\n第二段').map((f) => f.index)).toEqual([3])
  })

  it('balanced double quotes, nested single quotes and quotations over several paragraphs pass', () => {
    expect(patternsIn('形成“支部建在‘连’上”的格局，“欣虹空间”开放')).toEqual([])
    expect(patternsIn('“第一段引文，\n\n“第二段引文。”')).toEqual([])
    // a line break inside a paragraph (a poem, a list item) does not end the quotation
    expect(patternsIn('他念道：“床前明月光，\n疑是地上霜。”')).toEqual([])
  })

  it('unbalanced Chinese single quotes, but not apostrophes in English words', () => {
    expect(patternsIn('支部建在‘连上')).toMatchObject([
      { rule: 'unbalanced-single-quotes', index: 4, message: '第5个字处中文单引号不成对：缺少右引号’' },
    ])
    expect(patternsIn('支部建在连’上')).toMatchObject([
      { rule: 'unbalanced-single-quotes', index: 5, message: expect.stringContaining('缺少左引号‘') },
    ])
    expect(patternsIn('‘连’与Children’s Day和McDonald’s')).toEqual([])
  })

  it('unbalanced 《》（）【】, including crossed brackets', () => {
    expect(patternsIn('节目《动物话你知')).toMatchObject([
      { rule: 'unbalanced-brackets', index: 2, message: '第3个字处括号不成对：《缺少对应的》' },
    ])
    expect(patternsIn('动物话你知》节目')).toMatchObject([
      { rule: 'unbalanced-brackets', index: 5, message: '第6个字处括号不成对：》缺少对应的《' },
    ])
    expect(patternsIn('【通知 基金（会').map((f) => [f.rule, f.index])).toEqual([
      ['unbalanced-brackets', 0],
      ['unbalanced-brackets', 6],
    ])
    // 《（》: the （ is never closed
    expect(patternsIn('《书名（》').map((f) => [f.rule, f.index])).toEqual([['unbalanced-brackets', 3]])
  })

  it('balanced brackets, nested brackets and “1)” list numbering pass', () => {
    expect(patternsIn('【通知】基金（会）《动物话你知》〈序〉，《书（上册）》，1) 第一项，Payload (CMS)')).toEqual([])
  })

  it('mixed full-width and half-width brackets', () => {
    expect(patternsIn('社区发展基金（会)的要求')).toMatchObject([
      { rule: 'mixed-brackets', index: 8, message: '第9个字处括号全角半角混用：（与)不配套，应为（）' },
    ])
    expect(patternsIn('基金(会）').map((f) => [f.rule, f.index])).toEqual([['mixed-brackets', 4]])
    expect(patternsIn('基金(fund)和基金（会）')).toEqual([])
  })

  it('duplicated punctuation, but not …… or ——', () => {
    for (const [text, index, length] of [
      ['结束了。。下一句', 3, 2],
      ['党建，，服务', 2, 2],
      ['太好了！！！', 3, 3],
      ['甲、、乙', 1, 2],
      ['甲；；乙', 1, 2],
      ['甲，。乙', 1, 2],
    ] as const) {
      const findings = patternsIn(text)
      expect(findings, text).toMatchObject([{ rule: 'duplicate-punctuation', index, length }])
      expect(findings[0].message).toBe(`第${index + 1}个字处标点重复：“${text.slice(index, index + length)}”`)
    }
    expect(patternsIn('薪火传承——中国经典电影音乐欣赏……真的吗？！他说：“好。”')).toEqual([])
  })

  it('full-width digits mixed with half-width digits in one number', () => {
    expect(patternsIn('于２0２1年开班')).toMatchObject([
      { rule: 'mixed-width-digits', index: 1, length: 4, message: '第2个字处数字“２0２1”全角半角混用，应为“2021”' },
    ])
    expect(rulesIn('于2021年开班，面积1000平方米')).toEqual([])
  })

  it('full-width digits', () => {
    expect(patternsIn('共５０名党员参加，增长３．５倍')).toMatchObject([
      { rule: 'full-width-digits', index: 1, length: 2, message: '第2个字处数字“５０”使用了全角数字，应为“50”' },
      { rule: 'full-width-digits', index: 11, length: 3, message: expect.stringContaining('应为“3.5”') },
    ])
    expect(rulesIn('共50名党员参加，增长3.5倍')).toEqual([])
  })

  it('a half-width comma, period, colon or semicolon between Chinese characters', () => {
    expect(patternsIn('党建,服务')).toMatchObject([
      { rule: 'half-width-punctuation', index: 2, length: 1, message: '第3个字处中文之间使用了半角标点“,”，应为全角“，”' },
    ])
    expect(patternsIn('党建.服务:白领;社区').map((f) => [f.index, f.message.slice(-3)])).toEqual([
      [2, '“。”'],
      [5, '“：”'],
      [8, '“；”'],
    ])
    expect(patternsIn('他说:“好”').map((f) => f.index)).toEqual([2])
    expect(patternsIn('Payload 3.90版本，1,000人，德必WE人工智能，时间8:30，中文, 后有空格')).toEqual([])
  })
})

describe('summarise', () => {
  it('forbidden words block; warned words and patterns are warnings', () => {
    const findings = checkTexts(
      [{ path: 'title', text: '禁词和慎词,共２０人' }],
      [
        { word: '禁词', level: 'forbidden' },
        { word: '慎词', level: 'warning' },
      ],
    )
    const { blocking, warnings } = summarise(findings)
    expect(blocking.map((f) => f.rule)).toEqual(['word:禁词'])
    expect(warnings.map((f) => f.rule)).toEqual(['word:慎词', 'half-width-punctuation', 'full-width-digits'])
    expect(summarise([])).toEqual({ blocking: [], warnings: [] })
  })
})

describe('the shipped demo content', () => {
  type Record_ = { slug: string; title?: string; summary?: string; body?: string }
  const load = (file: string): Record_[] => JSON.parse(fs.readFileSync(path.resolve('cms/seed/data', file), 'utf8'))

  for (const file of ['news.json', 'activities.json', 'campaigns.json']) {
    it(`${file}: every title, summary and body has zero pattern findings`, () => {
      const records = load(file)
      expect(records.length).toBeGreaterThan(0)
      const problems: string[] = []
      for (const record of records) {
        const fields = [
          { path: 'title', text: record.title ?? '' },
          { path: 'summary', text: record.summary ?? '' },
          // the body as the seed stores it (Lexical) and as the check reads it back
          { path: 'body', text: lexicalToPlainText(paragraphsToLexical(record.body ?? '')) },
        ]
        expect(fields[0].text, record.slug).not.toBe('')
        problems.push(...checkTexts(fields, []).map((f: Finding) => `${record.slug} ${f.path}: ${f.message} (${f.excerpt})`))
      }
      expect(problems).toEqual([])
    })
  }
})
