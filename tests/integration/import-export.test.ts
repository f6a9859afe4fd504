import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { User } from '../../cms/payload-types'
import { seed } from '../../cms/seed'
import { exportContent } from '../../cms/transfer/exportData'
import { importContent } from '../../cms/transfer/importContent'
import { formatProblem, ImportRefused } from '../../cms/transfer/problems'
import { transferCollections } from '../../cms/transfer/spec'
import { repoRoot } from '../../shared/paths'
import { shellEnv } from '../helpers/build'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'

/**
 * `npm run export` / `npm run import` (cms/transfer/): the demo content plus a picture and a PDF, exported,
 * imported by the real script into an empty database and exported again — the same documents; a
 * second import changes nothing; a malformed folder lists every problem and writes nothing; a
 * refusal half-way rolls back everything written before it; a district editor exports only their
 * districts and cannot import into another.
 */
let cms: TestCms
let admin: User
let exported: string
const otherDb = () => path.join(cms.dir, 'imported.db')
const otherMedia = () => path.join(cms.dir, 'imported-media')

type Run = { status: number | null; stdout: string; stderr: string }
function run(script: 'import' | 'export', args: string[], db = otherDb()): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', `scripts/${script}.ts`, ...args], {
      cwd: repoRoot,
      env: shellEnv({ DATABASE_URI: `file:${db}`, MEDIA_DIR: otherMedia(), PAYLOAD_SECRET: 'import-test-secret' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 280_000)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

const readJson = (dir: string, collection: string) => JSON.parse(fs.readFileSync(path.join(dir, `${collection}.json`), 'utf8'))
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      transferCollections.map(async ({ slug }) => [slug, (await cms.payload.count({ collection: slug, overrideAccess: true })).totalDocs]),
    ),
  )

beforeAll(async () => {
  cms = await startTestCms()
  await seed(cms.payload, { images: false, log: () => {} })
  admin = await cms.payload.create({
    collection: 'users',
    data: { email: 'admin@import.test', password: 'import-pass-2026', name: '管理员', roles: ['admin'] },
  })
  // A picture used as a news cover and a district's hero: files travel with the export.
  const png = await pngBuffer()
  const picture = await cms.payload.create({
    collection: 'media',
    data: { alt: '导入测试图片', caption: '图注' },
    file: { data: png, mimetype: 'image/png', name: 'Import Test.png', size: png.length },
  })
  const news = await cms.payload.find({ collection: 'news', limit: 1, sort: 'id', depth: 0 })
  // A PDF attachment travels the same way (documents.json + media/).
  const pdf = Buffer.from(
    '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n',
    'latin1',
  )
  const form = await cms.payload.create({
    collection: 'documents',
    data: { title: '报名表' },
    file: { data: pdf, mimetype: 'application/pdf', name: 'signup-form.pdf', size: pdf.length },
  })
  await cms.payload.update({ collection: 'news', id: news.docs[0].id, data: { cover: picture.id, attachments: [form.id] } as never })
  await cms.payload.update({
    collection: 'districts',
    where: { slug: { equals: 'xinhong' } },
    data: { site: { heroImage: picture.id } } as never,
  })
  exported = path.join(cms.dir, 'export-a')
  await exportContent(cms.payload, { dir: exported, user: admin })
}, 600_000)
afterAll(async () => cms?.cleanup())

describe('export', () => {
  it('writes one JSON file per collection with slugs for relationships, English beside Chinese, and the files', () => {
    const news = readJson(exported, 'news')
    expect(news).toHaveLength(32)
    const withCover = news.find((n: any) => n.cover)
    expect(withCover.cover).toBe('import-test.png')
    expect(fs.existsSync(path.join(exported, 'media', 'import-test.png'))).toBe(true)
    expect(typeof withCover.district).toBe('string')
    expect(news.every((n: any) => n.id === undefined && n.reviewLog === undefined && n._status === 'published')).toBe(true)
    const related = news.find((n: any) => n.relatedStations?.length)
    expect(related.relatedStations.every((s: unknown) => typeof s === 'string')).toBe(true)
    const xinhong = readJson(exported, 'districts').find((d: any) => d.slug === 'xinhong')
    expect(xinhong.name).toEqual({ zh: '新虹街道', en: expect.any(String) })
    expect(xinhong.site.heroImage).toBe('import-test.png')
    expect(readJson(exported, 'media')).toEqual([
      expect.objectContaining({ filename: 'import-test.png', alt: '导入测试图片', caption: '图注' }),
    ])
    expect(withCover.attachments).toEqual(['signup-form.pdf'])
    expect(readJson(exported, 'documents')).toEqual([expect.objectContaining({ filename: 'signup-form.pdf', title: '报名表' })])
    expect(fs.existsSync(path.join(exported, 'media', 'signup-form.pdf'))).toBe(true)
  })
})

describe('npm run import into an empty database, then npm run export', () => {
  let first: Run
  let second: Run
  let reexport: Run
  const again = () => path.join(cms.dir, 'export-b')
  beforeAll(async () => {
    first = await run('import', [exported, '--publish'])
    second = await run('import', [exported, '--publish'])
    reexport = await run('export', [again()])
  }, 900_000)

  it('imports everything once, with counts and a rate, and a second run changes nothing', () => {
    expect(first.status, first.stdout + first.stderr).toBe(0)
    expect(first.stdout).toMatch(/news\s+32 条：新建 32，已存在 0（[\d.]+ 条\/秒）/)
    expect(first.stdout).toMatch(/完成：新建 \d+ 条，已存在 0 条，用时 [\d.]+ 秒（[\d.]+ 条\/秒）/)
    expect(second.status, second.stdout + second.stderr).toBe(0)
    expect(second.stdout).toMatch(/完成：新建 0 条/)
  })

  it('exports the same documents it was given', () => {
    expect(reexport.status, reexport.stdout + reexport.stderr).toBe(0)
    for (const { slug } of transferCollections) expect(readJson(again(), slug), slug).toEqual(readJson(exported, slug))
    expect(fs.existsSync(path.join(otherMedia(), 'import-test.png'))).toBe(true)
    expect(fs.existsSync(path.join(otherMedia(), 'signup-form.pdf'))).toBe(true)
    expect(fs.existsSync(path.join(again(), 'media', 'import-test.png'))).toBe(true)
  })
})

describe('refusals', () => {
  it('a malformed folder: every problem listed with file, record and field; nothing written', async () => {
    const bad = path.join(cms.dir, 'bad')
    fs.mkdirSync(bad)
    fs.writeFileSync(path.join(bad, 'districts.json'), JSON.stringify([{ name: '新区', slug: 'new-district', level: 'district' }]))
    fs.writeFileSync(path.join(bad, 'stations.json'), '[{"name": "半截')
    fs.writeFileSync(
      path.join(bad, 'news.json'),
      JSON.stringify([
        { slug: 'no-title', district: 'new-district', publishedOn: { date: '2024-03-01', precision: 'month' } },
        {
          title: '未知字段',
          slug: 'extra',
          district: 'new-district',
          colour: 'red',
          publishedOn: { date: 'yesterday', precision: 'week' },
        },
        { title: '坏引用', slug: 'bad-ref', district: 'new-district', relatedBrands: ['no-such-brand'], cover: 'missing.png' },
        { title: '重复', slug: 'extra', district: 'new-district' },
        { title: '别名', slug: 'Bad Slug', district: 'nowhere' },
      ]),
    )
    fs.writeFileSync(path.join(bad, 'widgets.json'), '[]')
    const before = await counts()
    const refused = await importContent(cms.payload, { input: bad, user: admin }).catch((error) => error)
    expect(refused).toBeInstanceOf(ImportRefused)
    const lines = (refused as ImportRefused).problems.map(formatProblem)
    const expected = [
      /^stations\.json：不是有效的 JSON/,
      /^widgets\.json：不认识的集合“widgets”/,
      /^news\.json 第1条（slug: no-title） 字段 title：必填，不能为空 \/ news\.json record 1 \(slug: no-title\) field title: required$/,
      /^news\.json 第2条（slug: extra） 字段 colour：未知字段/,
      /^news\.json 第2条（slug: extra） 字段 publishedOn\.date：不是有效日期/,
      /^news\.json 第2条（slug: extra） 字段 publishedOn\.precision：取值 "week" 不在可选值/,
      /^news\.json 第3条（slug: bad-ref） 字段 relatedBrands\.0：找不到 brands “no-such-brand”/,
      /^news\.json 第3条（slug: bad-ref） 字段 cover：找不到 media “missing\.png”/,
      /^news\.json 第4条（slug: extra） 字段 slug：与前面的记录重复/,
      /^news\.json 第5条（slug: Bad Slug） 字段 slug：只能用小写字母/,
      /^news\.json 第5条（slug: Bad Slug） 字段 district：找不到 districts “nowhere”/,
    ]
    for (const pattern of expected)
      expect(
        lines.some((line) => pattern.test(line)),
        `${pattern}\n${lines.join('\n')}`,
      ).toBe(true)
    expect(lines).toHaveLength(expected.length)
    expect(await counts()).toEqual(before)
  })

  it('npm run import --dry-run prints the problems record by record and exits 1; on a database without users it refuses to start', async () => {
    const dry = await run('import', [path.join(cms.dir, 'bad'), '--dry-run'])
    expect(dry.status, dry.stdout + dry.stderr).toBe(1)
    const lines = dry.stderr.split('\n').filter((line) => line.startsWith('  news.json') || line.startsWith('发现'))
    expect(lines[0]).toBe('发现 11 个问题，未写入任何内容 / 11 problems, nothing written:')
    const records = lines.slice(1).map((line) => Number(/第(\d+)条/.exec(line)![1]))
    expect(records).toEqual([...records].sort((a, b) => a - b))
    const empty = await run('import', [exported, '--dry-run'], path.join(cms.dir, 'empty.db'))
    expect(empty.status).toBe(2)
    expect(empty.stderr).toMatch(/^错误：数据库中还没有用户，试运行需要以一个账号的权限检查/m)
    expect(empty.stdout).not.toMatch(/First admin created/)
  })

  it('a district user cannot import into another district: listed before anything is written', async () => {
    const editor = await cms.payload.create({
      collection: 'users',
      data: {
        email: 'editor@import.test',
        password: 'import-pass-2026',
        name: '编辑',
        roles: ['district-editor'],
        districts: [(await cms.payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } } })).docs[0].id],
      } as never,
    })
    const file = path.join(cms.dir, 'stations-two-districts.json')
    fs.writeFileSync(
      file,
      JSON.stringify({
        stations: [
          { name: '本街道新阵地', slug: 'own-new-station', district: 'xinhong', kind: 'station' },
          { name: '别区新阵地', slug: 'foreign-new-station', district: 'minhang', kind: 'station' },
        ],
      }),
    )
    const before = await counts()
    const refused = (await importContent(cms.payload, { input: file, user: editor, dryRun: true }).catch((error) => error)) as ImportRefused
    expect(refused.problems.map(formatProblem)).toEqual([
      'stations-two-districts.json → stations 第2条（slug: foreign-new-station） 字段 district：区域“minhang”不在您的负责范围内，不能导入到这里 / ' +
        'stations-two-districts.json → stations record 2 (slug: foreign-new-station) field district: district "minhang" is outside your assignment',
    ])
    expect(await counts()).toEqual(before)
  })

  it('a refusal half-way rolls back what was written before it; a dry run rehearses and writes nothing', async () => {
    const file = path.join(cms.dir, 'stations-second-too-long.json')
    const stations = [
      { name: '新阵地一', slug: 'first-new-station', district: 'xinhong', kind: 'station' },
      { name: '长'.repeat(201), slug: 'second-new-station', district: 'xinhong', kind: 'station' },
    ]
    fs.writeFileSync(file, JSON.stringify({ stations }))
    const before = await counts()
    for (const dryRun of [true, false]) {
      const refused = (await importContent(cms.payload, { input: file, user: admin, dryRun }).catch((error) => error)) as ImportRefused
      expect(refused.rolledBack).toBe(true)
      expect(refused.problems.map(formatProblem)).toEqual([
        expect.stringMatching(
          /^stations-second-too-long\.json → stations 第2条（slug: second-new-station） 字段 name：.*（已回滚，未写入任何内容） \/ .*field name: .*\(rolled back, nothing written\)$/,
        ),
      ])
      expect(await counts()).toEqual(before)
    }
    fs.writeFileSync(file, JSON.stringify({ stations: stations.slice(0, 1) }))
    const rehearsal = await importContent(cms.payload, { input: file, user: admin, dryRun: true })
    expect(rehearsal.created.stations).toBe(1)
    expect(await counts()).toEqual(before)
  })

  it('--publish is for administrators only', async () => {
    const writer = await cms.payload.create({
      collection: 'users',
      data: { email: 'writer@import.test', password: 'import-pass-2026', name: '撰稿', roles: ['writer'], districts: [] } as never,
    })
    const refused = (await importContent(cms.payload, { input: exported, user: writer, publish: true }).catch(
      (error) => error,
    )) as ImportRefused
    expect(formatProblem(refused.problems[0])).toMatch(/只有系统管理员可以直接发布导入的内容/)
  })
})

describe('scoped to the user', () => {
  it('a district editor exports only their districts (drafts elsewhere never, published elsewhere neither)', async () => {
    const editor = (await cms.payload.find({ collection: 'users', where: { email: { equals: 'editor@import.test' } } })).docs[0]
    const dir = path.join(cms.dir, 'export-editor')
    await exportContent(cms.payload, { dir, user: editor })
    expect(readJson(dir, 'districts').map((d: any) => d.slug)).toEqual(['xinhong'])
    const news = readJson(dir, 'news')
    expect(news.length).toBeGreaterThan(0)
    expect(news.every((n: any) => n.district === 'xinhong')).toBe(true)
    expect(readJson(exported, 'news').filter((n: any) => n.district === 'xinhong')).toHaveLength(news.length)
  })
})
