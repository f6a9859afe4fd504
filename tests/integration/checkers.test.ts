/**
 * The outside checkers the site tests run (tests/helpers/checkers.ts) on a three-page fixture: the Nu
 * HTML checker reports the invalid page with file, line and message and nothing on the valid ones;
 * linkinator reports the missing page with its parent, checks addresses under the deployment origin
 * on the local server and skips other hosts without a request.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { brokenLinks, nuHtmlErrors } from '../helpers/checkers'

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body>\n</html>\n`

let dir: string
let server: StaticServer

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkers-'))
  fs.mkdirSync(path.join(dir, 'site', 'about'), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    page(
      '站点',
      [
        '<a href="/site/">站点</a>',
        '<a href="/site/missing/">不存在</a>',
        '<a href="https://dangjian.example/site/about/">部署地址</a>',
        '<a href="https://www.shanghai.gov.cn/">外站</a>',
      ].join('\n'),
    ),
  )
  fs.writeFileSync(path.join(dir, 'site', 'index.html'), page('首页', '<p>正文</p>\n<div><p>未闭合</span></div>'))
  fs.writeFileSync(path.join(dir, 'site', 'about', 'index.html'), page('关于', '<p>关于</p>'))
  fs.writeFileSync(path.join(dir, 'site', 'notes.txt'), 'not html <div>')
  server = await serveStatic(dir)
})

afterAll(async () => {
  await server?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('outside checkers', () => {
  it('the Nu checker reports the one invalid page, with its line, in one run', async () => {
    const errors = await nuHtmlErrors(dir)
    expect(errors.length, JSON.stringify(errors)).toBeGreaterThan(0)
    expect(new Set(errors.map((e) => e.file))).toEqual(new Set([path.join('site', 'index.html')]))
    expect(errors[0]!.line).toBe(6)
    expect(errors.map((e) => e.message).join('\n')).toMatch(/span/)
  }, 60_000)

  it('linkinator reports the missing page with its parent and skips other hosts', async () => {
    const { broken, checked, skipped } = await brokenLinks(server.url, { siteOrigin: 'https://dangjian.example' })
    expect(broken).toEqual([{ url: '/site/missing/', status: 404, parent: '/' }])
    expect(checked, 'the root, /site/, /site/missing/ and the rewritten /site/about/').toBeGreaterThanOrEqual(4)
    expect(skipped, 'www.shanghai.gov.cn').toBe(1)
  }, 60_000)
})
