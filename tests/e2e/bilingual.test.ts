/**
 * Bilingual sites: names, titles, summaries and bodies are localized in Payload (zh default,
 * en optional). A district site builds `/en/` pages only for items that have English, links
 * the two languages both ways (hreflang and a visible switch), and never shows an untranslated
 * item as an empty English page; a site without any English has no `/en/` at all.
 */
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { checkLinks } from '../../scripts/lib/link-check'
import { buildSites } from '../helpers/build'
import { baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
const outDir = () => path.join(cms.dir, 'dist')
const page = (sitePath: string) => fs.readFileSync(path.join(outDir(), sitePath, 'index.html'), 'utf8')
const exists = (sitePath: string) => fs.existsSync(path.join(outDir(), sitePath, 'index.html'))

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { parent, child } = await baseFixtures(payload)
  const news = (slug: string, title: string, district: number | string) =>
    payload.create({
      collection: 'news',
      data: {
        title,
        slug,
        district: district as number,
        publishedOn: day('2026-11-02'),
        _status: 'published',
        summary: `${title}摘要`,
        body: paragraphsToLexical(`${title}正文`) as never,
      },
    })
  const translated = await news('translated', '小虹帽志愿服务', child.id)
  await payload.update({
    collection: 'news',
    id: translated.id,
    locale: 'en',
    data: {
      title: 'Little Red Cap volunteers',
      summary: 'Volunteers in red caps help residents.',
      body: paragraphsToLexical('The volunteers met on Monday.') as never,
    },
  })
  await news('untranslated', '只有中文的新闻', child.id)
  const station = await payload.create({
    collection: 'stations',
    data: { name: '欣虹空间', slug: 'xinhong-space', district: child.id } as never,
  })
  await payload.update({ collection: 'stations', id: station.id, locale: 'en', data: { name: 'Xinhong Space' } })
  // A sibling 街道 whose content is all Chinese.
  const other = await payload.create({
    collection: 'districts',
    data: { name: '其他街道', slug: 'other-subdistrict', level: 'subdistrict', parent: parent.id },
  })
  await news('chinese-only', '其他街道新闻', other.id)
  await payload.destroy()
  await buildSites(outDir(), { districts: ['test-subdistrict', 'other-subdistrict'] })
}, 600_000)
afterAll(async () => cms?.cleanup())

describe('English pages', () => {
  const site = '/test-subdistrict'

  it('are built for a translated item, in English, linked to the Chinese page both ways', () => {
    const english = page(`${site}/en/news/translated`)
    expect(english).toMatch(/<html lang="en"/)
    expect(english).toMatch(/<h1>Little Red Cap volunteers<\/h1>/)
    expect(english).toContain('The volunteers met on Monday.')
    expect(english).not.toContain('小虹帽志愿服务正文')
    expect(english).toMatch(/<link rel="alternate" hreflang="zh-CN" href="[^"]*\/test-subdistrict\/news\/translated\/"/)
    expect(english).toMatch(/<link rel="alternate" hreflang="en" href="[^"]*\/test-subdistrict\/en\/news\/translated\/"/)
    expect(english).toMatch(
      /<a class="language-switch" href="\/test-subdistrict\/news\/translated\/" hreflang="zh-CN" lang="zh-CN">中文<\/a>/,
    )

    const chinese = page(`${site}/news/translated`)
    expect(chinese).toMatch(/<html lang="zh-CN"/)
    expect(chinese).toMatch(/<link rel="alternate" hreflang="en" href="[^"]*\/test-subdistrict\/en\/news\/translated\/"/)
    expect(chinese).toMatch(
      /<a class="language-switch" href="\/test-subdistrict\/en\/news\/translated\/" hreflang="en" lang="en">English<\/a>/,
    )
  })

  it('are not built for an untranslated item, which links to no English page', () => {
    expect(exists(`${site}/news/untranslated`)).toBe(true)
    expect(exists(`${site}/en/news/untranslated`)).toBe(false)
    const chinese = page(`${site}/news/untranslated`)
    expect(chinese).not.toContain('hreflang="en"')
    expect(chinese).not.toContain('class="language-switch"')
  })

  it('the English home lists exactly the translated items', () => {
    const home = page(`${site}/en`)
    expect(home).toMatch(/<html lang="en"/)
    expect(home).toContain('Little Red Cap volunteers')
    expect(home).toContain('Xinhong Space')
    expect(home).not.toContain('只有中文的新闻')
    expect(exists(`${site}/en/stations/xinhong-space`)).toBe(true)
    expect(page(`${site}/stations/xinhong-space`)).toContain('hreflang="en"')
  })

  it('a site without English content has no English pages at all', () => {
    expect(exists('/other-subdistrict')).toBe(true)
    expect(fs.existsSync(path.join(outDir(), 'other-subdistrict', 'en'))).toBe(false)
    expect(page('/other-subdistrict')).not.toContain('hreflang="en"')
  })

  it('every link between the languages resolves', () => {
    // The 街道 homes link up to their 区 (所属), whose site this partial build does not make.
    const result = checkLinks(outDir(), { skip: (pathname) => pathname === '/test-district/' })
    expect(result.broken).toEqual([])
    expect(result.pagesChecked).toBeGreaterThan(10)
  })
})
