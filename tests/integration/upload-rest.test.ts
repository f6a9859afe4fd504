/**
 * Uploads as the admin sends them (multipart through the real REST route
 * handlers) and as they are served back: every refusal says in Chinese what
 * was seen and why, in the field error and in the message the admin toasts;
 * a truncated image is refused as damaged; pictures carrying other data
 * (PNG+ZIP, PNG+HTML, JPEG+ZIP polyglots, HTML in a JPEG comment) are
 * re-encoded so none of it is stored; every file the CMS and the site server
 * hand out carries `X-Content-Type-Options: nosniff`, PDFs as downloads.
 */
import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { serveStatic } from '../../scripts/lib/static-server'
import { adminUser } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

let cms: TestCms
let rest: ReturnType<typeof restClient>
beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
}, 120_000)
afterAll(async () => cms?.cleanup())

/** POSTs a file the way the admin does: multipart with the other fields in `_payload`. */
function send(collection: 'media' | 'documents', data: Buffer, name: string, type: string) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), name)
  form.append('_payload', JSON.stringify(collection === 'media' ? { alt: '上传测试' } : { title: '报名表' }))
  return rest.post(`/${collection}`, form)
}

/** The refusal's field error and top-level message (the one the admin shows), checked to be Chinese and about `file`. */
async function refusal(collection: 'media' | 'documents', data: Buffer, name: string, type: string) {
  const res = await send(collection, data, name, type)
  expect(res.status, JSON.stringify(res.body)).toBe(400)
  const [error] = res.body.errors
  expect(error.data.errors).toHaveLength(1)
  expect(error.data.errors[0].path).toBe('file')
  const fieldMessage: string = error.data.errors[0].message
  expect(error.message).toBe(`文件：${fieldMessage}`)
  // Chinese first; English may follow after " / ".
  expect(fieldMessage.split(' / ')[0]).toMatch(/[\u4e00-\u9fff]{4}/)
  expect(error.message).not.toMatch(/following field|problem|上传文件时出现了问题/i)
  return fieldMessage
}

const photo = (format: 'jpeg' | 'png') =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#b71c1c' } })
    .composite([{ input: { create: { width: 200, height: 120, channels: 3, background: '#fdd835' } }, left: 40, top: 60 }])
    [format]()
    .toBuffer()

const zipMarker = Buffer.from('PK\x03\x04\x14\x00\x00\x00POLYGLOT-ZIP-MARKER.html', 'latin1')
const htmlMarker = Buffer.from('<html><script>alert("POLYGLOT-HTML-MARKER")</script></html>')

describe('refusals over REST say why, in Chinese', () => {
  it('names the type seen for files that are not pictures', async () => {
    const cases: [Buffer, string, string, RegExp][] = [
      [htmlMarker, 'photo.jpg', 'image/jpeg', /^上传的文件是 HTML 网页，不是图片（允许 JPEG、PNG、WebP、AVIF、GIF）/],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'logo.svg',
        'image/svg+xml',
        /^上传的文件是 SVG 矢量图，不是图片/,
      ],
      [Buffer.concat([zipMarker, Buffer.alloc(64)]), 'pack.png', 'image/png', /^上传的文件是 ZIP 压缩包，不是图片/],
      [Buffer.from('%PDF-1.7\n%%EOF\n'), 'scan.jpg', 'image/jpeg', /^上传的文件是 PDF 文档，不是图片/],
      [Buffer.from('会议纪要\n'), 'notes.txt', 'text/plain', /^上传的文件是纯文本，不是图片/],
    ]
    for (const [data, name, type, expected] of cases) expect(await refusal('media', data, name, type), name).toMatch(expected)
  })

  it('says how big the file is and the limit, and how many pixels', async () => {
    const png = await photo('png')
    const saved = process.env.MEDIA_MAX_BYTES
    process.env.MEDIA_MAX_BYTES = '1024'
    try {
      expect(await refusal('media', png, 'big.png', 'image/png')).toMatch(
        new RegExp(`^图片过大：${Math.round(png.length / 1024)} KB，上限 1 KB`),
      )
    } finally {
      if (saved === undefined) delete process.env.MEDIA_MAX_BYTES
      else process.env.MEDIA_MAX_BYTES = saved
    }
    const bomb = await sharp({ create: { width: 9000, height: 5000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer()
    expect(await refusal('media', bomb, 'bomb.png', 'image/png')).toMatch(/^图片尺寸过大：9000×5000（45 百万像素），上限 40 百万像素/)
  })

  it('refuses a truncated JPEG, PNG or GIF as damaged, not with a generic error', async () => {
    for (const format of ['jpeg', 'png', 'gif'] as const) {
      const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#1565c0' } })
        .composite([
          { input: Buffer.from(`<svg width="800" height="600"><text x="20" y="300" font-size="90">半截图片 ${format}</text></svg>`) },
        ])
        [format]()
        .toBuffer()
      const cut = whole.subarray(0, Math.floor(whole.length * 0.6))
      expect(await refusal('media', cut, `cut.${format}`, `image/${format}`), format).toMatch(/^图片文件不完整或已损坏/)
    }
    expect((await cms.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('names the type seen for attachments that are not PDFs, and says what is wrong with broken ones', async () => {
    expect(await refusal('documents', htmlMarker, 'notice.pdf', 'application/pdf')).toMatch(
      /^上传的文件是 HTML 网页，不是 PDF（只接受 PDF 附件）/,
    )
    expect(await refusal('documents', await photo('jpeg'), 'notice.pdf', 'application/pdf')).toMatch(/^上传的文件是 JPEG 图片，不是 PDF/)
    // Payload's own check wants the header first and a cross-reference table at the end; ours now says so in Chinese.
    expect(
      await refusal('documents', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'a.pdf', 'application/pdf'),
    ).toMatch(/^PDF 文件不完整/)
    expect(await refusal('documents', Buffer.from('junk\n%PDF-1.4\nxref\nstartxref\n0\n%%EOF\n'), 'a.pdf', 'application/pdf')).toMatch(
      /^PDF 文件开头有多余的数据/,
    )
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 32), Buffer.from('\nxref\nstartxref\n0\n%%EOF\n')])
    const saved = process.env.DOCUMENT_MAX_BYTES
    process.env.DOCUMENT_MAX_BYTES = '2048'
    try {
      expect(await refusal('documents', big, 'big.pdf', 'application/pdf')).toMatch(/^文件过大：3 KB，上限 2 KB/)
    } finally {
      if (saved === undefined) delete process.env.DOCUMENT_MAX_BYTES
      else process.env.DOCUMENT_MAX_BYTES = saved
    }
    expect((await cms.payload.count({ collection: 'documents' })).totalDocs).toBe(0)
  })
})

/** Every stored file of a media document: the original and each size. */
function storedFiles(doc: { filename: string; sizes: Record<string, { filename?: string | null }> }) {
  return [doc.filename, ...Object.values(doc.sizes).map((s) => s.filename)].filter((f): f is string => Boolean(f))
}

describe('pictures carrying other data', () => {
  it('stores PNG+ZIP, PNG+HTML, JPEG+ZIP and a JPEG with HTML in its comment without any of the extra bytes', async () => {
    const png = await photo('png')
    const jpeg = await photo('jpeg')
    // A JPEG comment segment (FF FE) right after the start-of-image marker.
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, htmlMarker.length + 2]), htmlMarker])
    const cases: [string, Buffer, string][] = [
      ['png-zip.png', Buffer.concat([png, zipMarker, htmlMarker]), 'image/png'],
      ['png-html.png', Buffer.concat([png, htmlMarker]), 'image/png'],
      ['jpeg-zip.jpg', Buffer.concat([jpeg, zipMarker]), 'image/jpeg'],
      ['jpeg-comment.jpg', Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]), 'image/jpeg'],
    ]
    for (const [name, data, type] of cases) {
      const res = await send('media', data, name, type)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      const files = storedFiles(res.body.doc)
      expect(files.length, name).toBeGreaterThan(4)
      for (const file of files) {
        const bytes = fs.readFileSync(path.join(process.env.MEDIA_DIR!, file))
        for (const marker of ['POLYGLOT', 'PK\x03\x04', '<script', '<html'])
          expect(bytes.includes(Buffer.from(marker, 'latin1')), `${file} holds ${marker}`).toBe(false)
        const served = await rest.get(`/media/file/${file}`)
        expect(served.status).toBe(200)
        expect(served.headers.get('x-content-type-options'), file).toBe('nosniff')
      }
      const original = await sharp(fs.readFileSync(path.join(process.env.MEDIA_DIR!, res.body.doc.filename))).metadata()
      expect([original.format, original.width, original.height], name).toEqual([type === 'image/png' ? 'png' : 'jpeg', 640, 480])
    }
  })
})

describe('serving files', () => {
  it('the CMS file routes send nosniff, the right type, and PDFs as downloads', async () => {
    const image = await send('media', await photo('png'), 'served.png', 'image/png')
    const served = await rest.get(`/media/file/${image.body.doc.filename}`)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-disposition')).toBeNull()

    const pdf = Buffer.from(
      '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n',
      'latin1',
    )
    const attachment = await send('documents', pdf, '通知.pdf', 'application/pdf')
    expect(attachment.status, JSON.stringify(attachment.body)).toBe(201)
    // Both collections share one folder, so the PDF is reachable under either route: both must send it the same way.
    for (const collection of ['documents', 'media']) {
      const res = await rest.get(`/${collection}/file/${attachment.body.doc.filename}`)
      expect(res.status, collection).toBe(200)
      expect(res.headers.get('content-type'), collection).toBe('application/pdf')
      expect(res.headers.get('x-content-type-options'), collection).toBe('nosniff')
      expect(res.headers.get('content-disposition'), collection).toMatch(/^attachment/)
    }
  })

  it('every Next response of the admin carries nosniff (next.config headers)', async () => {
    const { default: nextConfig } = await import('../../cms/next.config.mjs')
    const rules: { source: string; headers: { key: string; value: string }[] }[] = await nextConfig.headers!()
    const all = rules.filter((rule) => rule.source === '/:path*').flatMap((rule) => rule.headers)
    expect(all).toContainEqual({ key: 'X-Content-Type-Options', value: 'nosniff' })
  })

  it('the sites’ static server sends nosniff on every answer, and PDFs as application/pdf', async () => {
    const root = fs.mkdtempSync(path.join(cms.dir, 'dist-'))
    fs.mkdirSync(path.join(root, 'xinhong', 'media'), { recursive: true })
    fs.writeFileSync(path.join(root, 'xinhong', 'index.html'), '<!doctype html><title>新虹</title>')
    fs.writeFileSync(path.join(root, 'xinhong', '404.html'), '<!doctype html><title>404</title>')
    fs.writeFileSync(path.join(root, 'xinhong', 'media', 'photo.png'), await photo('png'))
    fs.writeFileSync(path.join(root, 'xinhong', 'media', 'notice.pdf'), '%PDF-1.7\n%%EOF\n')
    fs.writeFileSync(path.join(root, 'xinhong', 'media', 'data.bin'), htmlMarker)
    const server = await serveStatic(root)
    try {
      const answers: [string, RequestInit, number, string | null][] = [
        ['/xinhong/', {}, 200, 'text/html; charset=utf-8'],
        ['/xinhong/media/photo.png', {}, 200, 'image/png'],
        ['/xinhong/media/notice.pdf', {}, 200, 'application/pdf'],
        ['/xinhong/media/data.bin', {}, 200, 'application/octet-stream'],
        ['/xinhong/missing', {}, 404, 'text/html; charset=utf-8'],
        ['/nowhere', {}, 404, 'text/plain; charset=utf-8'],
        ['/xinhong', { redirect: 'manual' }, 301, null],
        ['/xinhong/', { method: 'POST' }, 405, null],
        ['/%E0%A4%A', {}, 400, null],
      ]
      for (const [url, init, status, type] of answers) {
        const res = await fetch(server.url + url, init)
        expect(res.status, url).toBe(status)
        if (type) expect(res.headers.get('content-type'), url).toBe(type)
        expect(res.headers.get('x-content-type-options'), url).toBe('nosniff')
      }
    } finally {
      await server.close()
    }
  })
})
