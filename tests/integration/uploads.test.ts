/**
 * Upload screening (cms/collections/Media.ts): only real raster images are
 * stored — recognised by their content, not their name or declared type —
 * within a byte and a pixel limit (a decompression bomb is refused from its
 * header alone); EXIF (GPS position included) never reaches the stored files;
 * file names become plain ASCII. Each refusal names the file field and says why.
 * PDF attachments (cms/collections/Documents.ts) must be complete PDFs without
 * scripts or automatic actions, also when those hide in compressed streams.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { normaliseFileName } from '../../shared/files'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
beforeAll(async () => {
  cms = await startTestCms()
}, 120_000)
afterAll(async () => cms?.cleanup())

const upload = (data: Buffer, name: string, mimetype: string) =>
  cms.payload.create({ collection: 'media', data: { alt: '上传测试' }, file: { data, mimetype, name, size: data.length } })

async function refusal(write: Promise<unknown>): Promise<{ path: string; message: string }> {
  try {
    await write
  } catch (error) {
    const errors = (error as { data?: { errors?: { path: string; message: string }[] } }).data?.errors
    if (!errors?.length) throw error
    return errors[0]!
  }
  throw new Error('expected the upload to be refused, but it was stored')
}

/** A PNG whose header claims `width` × `height` pixels around a 1×1 image's data: a decompression bomb's shape. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await pngBuffer(1, 1))
  // IHDR: length(4) "IHDR"(4) width(4) height(4) … crc(4), right after the 8-byte signature.
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)) >>> 0, 29)
  return png
}

describe('uploads', () => {
  it('refuses files that are not raster images, whatever their name and declared type', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>',
    )
    for (const [data, name, type] of [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
      [svg, 'logo.svg', 'image/svg+xml'],
      [svg, 'logo.png', 'image/png'],
      [Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'scan.jpg', 'image/jpeg'],
    ] as const) {
      const error = await refusal(upload(data, name, type))
      expect(error.path, name).toBe('file')
      expect(error.message, name).toMatch(/^上传的文件是 (HTML 网页|SVG 矢量图|PDF 文档)，不是图片（允许 JPEG、PNG、WebP、AVIF、GIF）/)
    }
    // A phone's HEIC photo is a picture, just not one browsers show: the message says to convert it.
    const heic = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)])
    expect((await refusal(upload(heic, 'IMG_0001.HEIC', 'image/heic'))).message).toMatch(/^上传的文件是 HEIC 照片.*请转换为 JPEG 或 PNG/)
    expect((await cms.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('refuses a decompression bomb from its header, and images over the pixel and byte limits', async () => {
    const bomb = await pngClaiming(100_000, 100_000)
    expect(bomb.length).toBeLessThan(200)
    expect((await refusal(upload(bomb, 'bomb.png', 'image/png'))).message).toMatch(/图片尺寸过大：100000×100000/)

    const saved = { pixels: process.env.MEDIA_MAX_PIXELS, bytes: process.env.MEDIA_MAX_BYTES }
    try {
      process.env.MEDIA_MAX_PIXELS = '1000000'
      const big = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#c62828' } })
        .png()
        .toBuffer()
      expect((await refusal(upload(big, 'big.png', 'image/png'))).message).toMatch(/1500×1000.*上限 1 百万像素/)
      delete process.env.MEDIA_MAX_PIXELS
      process.env.MEDIA_MAX_BYTES = String(big.length - 1)
      expect((await refusal(upload(big, 'big.png', 'image/png'))).message).toMatch(/图片过大/)
    } finally {
      for (const [key, value] of [
        ['MEDIA_MAX_PIXELS', saved.pixels],
        ['MEDIA_MAX_BYTES', saved.bytes],
      ] as const) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
    expect((await cms.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('strips EXIF, GPS position included, from the stored original and every size, and normalises the name', async () => {
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#8e1414' } })
      .jpeg()
      .withExif({
        IFD0: { Artist: '摄影者', Copyright: 'secret-camera-owner' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 11/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 22/1 0/1' },
      })
      .toBuffer()
    expect((await sharp(photo).metadata()).exif, 'the fixture carries EXIF').toBeDefined()
    const doc = (await upload(photo, 'IMG 2024（党建活动）.JPG', 'image/jpeg')) as unknown as {
      filename: string
      sizes: Record<string, { filename?: string | null }>
    }
    expect(doc.filename).toBe('img-2024.jpg')
    const files = [doc.filename, ...Object.values(doc.sizes).map((s) => s.filename)].filter((f): f is string => Boolean(f))
    expect(files.length).toBeGreaterThan(4)
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(process.env.MEDIA_DIR!, file))
      const meta = await sharp(bytes).metadata()
      expect(meta.exif, file).toBeUndefined()
      expect(bytes.includes(Buffer.from('secret-camera-owner')), file).toBe(false)
    }
  })

  it('stores pictures written again (cms/collections/Media.ts): animations keep their frames, sideways photos stand upright', async () => {
    const [w, h] = [60, 40]
    const frames = Buffer.concat([0, 120, 240].map((grey) => Buffer.alloc(w * h * 3, grey)))
    const gif = await sharp(frames, { raw: { width: w, height: h * 3, channels: 3, pageHeight: h } as never })
      .gif({ delay: [100, 200, 300], loop: 0 })
      .toBuffer()
    const animated = await upload(gif, 'wave.gif', 'image/gif')
    const stored = await sharp(fs.readFileSync(path.join(process.env.MEDIA_DIR!, animated.filename!))).metadata()
    expect([stored.format, stored.pages, stored.delay, stored.width]).toEqual(['gif', 3, [100, 200, 300], w])

    const sideways = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#123456' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const upright = await upload(sideways, 'sideways.jpg', 'image/jpeg')
    expect([upright.width, upright.height]).toEqual([200, 300])
    const original = await sharp(fs.readFileSync(path.join(process.env.MEDIA_DIR!, upright.filename!))).metadata()
    expect([original.width, original.height, original.orientation]).toEqual([200, 300, undefined])
  })

  it('normalises file names to lowercase ASCII with the real extension', () => {
    expect(normaliseFileName('IMG 2024（党建）.JPG', 'jpeg')).toBe('img-2024.jpg')
    expect(normaliseFileName('党建.png', 'png')).toBe('image.png')
    expect(normaliseFileName('../../etc/passwd.webp', 'webp')).toBe('etc-passwd.webp')
    expect(normaliseFileName('photo.jpg', 'heif')).toBe('photo.avif')
  })
})

/** A minimal one-page PDF; `extra` objects go before the trailer. */
function pdf(extra: string | Buffer = '', { complete = true } = {}): Buffer {
  const body =
    '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n'
  return Buffer.concat([
    Buffer.from(body, 'latin1'),
    typeof extra === 'string' ? Buffer.from(extra, 'latin1') : extra,
    Buffer.from(`trailer << /Root 1 0 R >>\nstartxref\n0\n${complete ? '%%EOF\n' : ''}`, 'latin1'),
  ])
}

describe('PDF attachments', () => {
  const attach = (data: Buffer, name = '通知 2026.PDF', mimetype = 'application/pdf') =>
    cms.payload.create({ collection: 'documents', data: { title: '报名表' }, file: { data, mimetype, name, size: data.length } })

  it('stores a plain PDF under a normalised name', async () => {
    const doc = await attach(pdf())
    expect(doc.filename).toBe('2026.pdf')
    expect(doc.mimeType).toBe('application/pdf')
    expect(fs.existsSync(path.join(process.env.MEDIA_DIR!, doc.filename!))).toBe(true)
  })

  it('refuses a fake, a truncated and an active PDF, also when the script hides in a compressed stream', async () => {
    const hidden = zlib.deflateSync(Buffer.from('5 0 << /S /JavaScript /JS (app.alert(1)) >>', 'latin1'))
    const objectStream = Buffer.concat([
      Buffer.from(`4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${hidden.length} >> stream\n`, 'latin1'),
      hidden,
      Buffer.from('\nendstream endobj\n', 'latin1'),
    ])
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), /^上传的文件是 HTML 网页，不是 PDF/],
      [pdf('', { complete: false }), /PDF 文件不完整/],
      [pdf('4 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj\n'), /含有脚本或自动操作（\/JavaScript）/],
      [pdf('4 0 obj << /Type /Action /S /Launch /F (cmd.exe) >> endobj\n'), /\/Launch/],
      [pdf(objectStream), /\/JavaScript/],
    ]
    for (const [data, message] of cases) {
      const refused = await refusal(attach(data))
      expect(refused.path).toBe('file')
      expect(refused.message).toMatch(message)
    }
    expect((await cms.payload.count({ collection: 'documents' })).totalDocs).toBe(1)
  })

  it('keeps PDFs out of the picture library', async () => {
    const refused = await refusal(upload(pdf(), 'notice.pdf', 'application/pdf'))
    expect(refused.message).toMatch(/^上传的文件是 PDF 文档，不是图片（允许 JPEG、PNG、WebP、AVIF、GIF）/)
  })
})
