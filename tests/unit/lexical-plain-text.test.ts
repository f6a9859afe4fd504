/** cms/review/lexicalPlainText.ts: the plain text the content check reads from a Lexical body. */
import { describe, expect, it } from 'vitest'

import { checkTexts } from '../../cms/review/contentCheck'
import { lexicalToPlainText } from '../../cms/review/lexicalPlainText'
import { paragraphsToLexical } from '../../cms/seed/lexical'

describe('lexicalToPlainText', () => {
  const text = (value: string) => ({ type: 'text', text: value, format: 0, style: '', mode: 'normal', detail: 0, version: 1 })
  const block = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
    type,
    children,
    direction: 'ltr',
    format: '',
    indent: 0,
    version: 1,
    ...extra,
  })
  const state = {
    root: block('root', [
      block('heading', [text('欣虹空间开放')], { tag: 'h2' }),
      block('paragraph', [
        text('2018年3月，'),
        { ...text('欣虹空间'), format: 1 },
        text('开门迎客，详见'),
        block('link', [text('报道')], { fields: { url: 'https://example.com', linkType: 'custom' } }),
        text('。'),
        { type: 'linebreak', version: 1 },
        text('第二行'),
      ]),
      block('paragraph', []),
      block(
        'list',
        [
          block('listitem', [text('共享阅读区')], { value: 1 }),
          block(
            'listitem',
            [text('多媒体展示区'), block('list', [block('listitem', [text('七彩HUB')], { value: 1 })], { listType: 'bullet' })],
            {
              value: 2,
            },
          ),
        ],
        { listType: 'number', tag: 'ol' },
      ),
      block('quote', [text('党建引领')]),
      { type: 'upload', relationTo: 'media', value: 1, version: 3 },
    ]),
  }

  it('turns a realistic Lexical state into paragraphs and lines', () => {
    expect(lexicalToPlainText(state)).toBe(
      '欣虹空间开放\n\n2018年3月，欣虹空间开门迎客，详见报道。\n第二行\n\n共享阅读区\n多媒体展示区\n七彩HUB\n\n党建引领',
    )
    expect(lexicalToPlainText(JSON.stringify(state))).toBe(lexicalToPlainText(state))
  })

  it('matches what the seed stores for a plain-text body', () => {
    expect(lexicalToPlainText(paragraphsToLexical('第一段。\n\n第二段。\n\n\n第三段。'))).toBe('第一段。\n\n第二段。\n\n第三段。')
  })

  it('tolerates null and garbage', () => {
    for (const value of [
      null,
      undefined,
      42,
      '',
      '普通文字',
      '{not json',
      {},
      { root: null },
      { root: { children: 'x' } },
      [],
      { root: { children: [null, 1, { text: 5 }] } },
    ]) {
      expect(lexicalToPlainText(value)).toBe('')
    }
  })

  it('gives body positions in the plain text', () => {
    const [finding] = checkTexts([{ path: 'body', text: lexicalToPlainText(state) }], [{ word: '七彩', level: 'warning' }])
    expect(finding.index).toBe(lexicalToPlainText(state).indexOf('七彩'))
  })
})
