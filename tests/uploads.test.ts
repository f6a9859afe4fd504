/**
 * Upload screening (cms/collections/Media.ts): only real raster images are
 * stored — recognised by their content, not their name or declared type —
 * within a byte and a pixel limit (a decompression bomb is refused from its
 * header alone); EXIF (GPS position included) never reaches the stored files;
 * file names become plain ASCII. Each refusal names the file field and says why.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { normaliseFileName } from '../shared/files'
import { pngBuffer, startTestCms, type TestCms } from './helpers/payload'

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
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>')
    for (const [data, name, type] of [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
      [svg, 'logo.svg', 'image/svg+xml'],
      [svg, 'logo.png', 'image/png'],
      [Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'scan.jpg', 'image/jpeg'],
    ] as const) {
      const error = await refusal(upload(data, name, type))
      expect(error.path, name).toBe('file')
      expect(error.message, name).toMatch(/无法识别的图片文件|不接受的文件类型/)
    }
    expect((await cms.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('refuses a decompression bomb from its header, and images over the pixel and byte limits', async () => {
    const bomb = await pngClaiming(100_000, 100_000)
    expect(bomb.length).toBeLessThan(200)
    expect((await refusal(upload(bomb, 'bomb.png', 'image/png'))).message).toMatch(/图片尺寸过大：100000×100000/)

    const saved = { pixels: process.env.MEDIA_MAX_PIXELS, bytes: process.env.MEDIA_MAX_BYTES }
    try {
      process.env.MEDIA_MAX_PIXELS = '1000000'
      const big = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#c62828' } }).png().toBuffer()
      expect((await refusal(upload(big, 'big.png', 'image/png'))).message).toMatch(/1500×1000.*上限 1 百万像素/)
      delete process.env.MEDIA_MAX_PIXELS
      process.env.MEDIA_MAX_BYTES = String(big.length - 1)
      expect((await refusal(upload(big, 'big.png', 'image/png'))).message).toMatch(/图片过大/)
    } finally {
      for (const [key, value] of [['MEDIA_MAX_PIXELS', saved.pixels], ['MEDIA_MAX_BYTES', saved.bytes]] as const) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
    expect((await cms.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('strips EXIF, GPS position included, from the stored original and every size, and normalises the name', async () => {
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#8e1414' } })
      .jpeg()
      .withExif({ IFD0: { Artist: '摄影者', Copyright: 'secret-camera-owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 11/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 22/1 0/1' } })
      .toBuffer()
    expect((await sharp(photo).metadata()).exif, 'the fixture carries EXIF').toBeDefined()
    const doc = (await upload(photo, 'IMG 2024（党建活动）.JPG', 'image/jpeg')) as unknown as { filename: string; sizes: Record<string, { filename?: string | null }> }
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

  it('normalises file names to lowercase ASCII with the real extension', () => {
    expect(normaliseFileName('IMG 2024（党建）.JPG', 'jpeg')).toBe('img-2024.jpg')
    expect(normaliseFileName('党建.png', 'png')).toBe('image.png')
    expect(normaliseFileName('../../etc/passwd.webp', 'webp')).toBe('etc-passwd.webp')
    expect(normaliseFileName('photo.jpg', 'heif')).toBe('photo.avif')
  })
})
