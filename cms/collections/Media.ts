import { type CollectionBeforeOperationHook, type CollectionConfig, type ImageSize } from 'payload'
import sharp, { type Metadata, type Sharp } from 'sharp'

import { normaliseFileName } from '../../shared/files'
import { mediaDir as resolveMediaDir } from '../../shared/paths'
import { anyone, staffOnly } from '../access/roles'
import { t } from '../fields/label'
import { fileKind, formatBytes, servedFileHeaders, uploadedFileIs, uploadRefusal } from '../uploads/screening'

/** Uploads live in `media/` at the repo root (absolute, so the cwd does not matter) unless MEDIA_DIR says otherwise. */
export const mediaDir = resolveMediaDir()

type SizeSpec = { name: string; width: number; height?: number }

/**
 * The sizes sites use. Each is made twice, as WebP and as AVIF (`<name>Avif`), so sites can offer both in <picture>.
 * One aspect ratio per role (thumbnail 4:3, card 16:10, hero 2:1), cropped around the focal point when one is set:
 * a role's srcset only offers widths of its own ratio (heroSmall is the hero for phones).
 */
export const mediaSizes: SizeSpec[] = [
  { name: 'thumbnail', width: 320, height: 240 },
  { name: 'card', width: 768, height: 480 },
  { name: 'heroSmall', width: 800, height: 400 },
  { name: 'hero', width: 1600, height: 800 },
  { name: 'og', width: 1200, height: 630 },
]

function imageSizes(): ImageSize[] {
  return mediaSizes.flatMap(({ name, width, height }) => [
    { name, width, height, position: 'centre', withoutEnlargement: false, formatOptions: { format: 'webp', options: { quality: 78 } } },
    {
      name: `${name}Avif`,
      width,
      height,
      position: 'centre',
      withoutEnlargement: false,
      // effort 2 keeps encoding fast; AVIF at q55 is still visibly cleaner than WebP at q78.
      formatOptions: { format: 'avif', options: { quality: 55, effort: 2 } },
    },
  ])
}

const maxUploadBytes = () => Number(process.env.MEDIA_MAX_BYTES ?? 20 * 1024 * 1024)
const maxUploadPixels = () => Number(process.env.MEDIA_MAX_PIXELS ?? 40_000_000)

const accepted = '允许 JPEG、PNG、WebP、AVIF、GIF'
const damaged = '图片文件不完整或已损坏（读不出全部图像数据），请重新导出后再上传 / The image is truncated or damaged'
const megapixels = (pixels: number) => `${Math.round(pixels / 1e5) / 10} 百万像素`

/**
 * How each accepted format is written again: JPEG and WebP near their source quality, PNG and GIF
 * losslessly. Plain libjpeg-turbo, not mozjpeg: every upload passes here, and mozjpeg takes about 6×
 * as long (1.2 s against 0.2 s for a 24-megapixel photo) for a file 13 % smaller.
 */
function reencode(image: Sharp, meta: Metadata): { data: Promise<Buffer>; format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' } {
  switch (meta.format) {
    case 'jpeg':
      return { format: 'jpeg', data: image.jpeg({ quality: 92 }).toBuffer() }
    case 'png':
      return { format: 'png', data: image.png({ palette: meta.isPalette }).toBuffer() }
    case 'webp':
      return { format: 'webp', data: image.webp({ quality: 90 }).toBuffer() }
    case 'gif':
      return { format: 'gif', data: image.gif().toBuffer() }
    default:
      return { format: 'avif', data: image.avif({ quality: 70, effort: 2 }).toBuffer() }
  }
}

/**
 * Every uploaded picture is opened with sharp before Payload stores it, and refused with a
 * message saying why (cms/uploads/screening.ts): a file that is not a picture (naming what it
 * is), over the byte or pixel limit (a decompression bomb is a small file of enormous
 * dimensions: only the header is read to find out), or truncated/damaged (found by decoding it
 * all). What is stored is the picture decoded and written again, never the uploaded bytes:
 * whatever else the file carried — EXIF GPS positions and camera serials, comments, a ZIP or
 * HTML page appended after the image data (a polyglot) — is gone from the original, and sizes
 * are made from it. The file name becomes plain lowercase ASCII.
 */
const screenUpload: CollectionBeforeOperationHook = async ({ args, operation }) => {
  const file = args.req?.file as { data: Buffer; mimetype: string; name: string; size: number } | undefined
  if (!file || (operation !== 'create' && operation !== 'update')) return args
  const refusal = (reason: string) => uploadRefusal('media', reason)
  if (file.size > maxUploadBytes())
    throw refusal(`图片过大：${formatBytes(file.size)}，上限 ${formatBytes(maxUploadBytes())} / The image is too large`)
  const meta = await sharp(file.data, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined)
  // AVIF and HEIC are both "heif" to sharp; only AVIF (AV1) can be decoded.
  const readable = ['jpeg', 'png', 'webp', 'gif'].includes(meta?.format ?? '') || (meta?.format === 'heif' && meta.compression === 'av1')
  if (!meta || !readable) {
    const kind = await fileKind(file.data)
    if (/^(JPEG|PNG|WebP|AVIF|GIF) 图片$/.test(kind)) throw refusal(damaged)
    if (/(图片|照片)/.test(kind))
      throw refusal(
        `${uploadedFileIs(kind)}，这种图片格式不能直接使用，请转换为 JPEG 或 PNG 后再上传（${accepted}） / Image format not accepted`,
      )
    throw refusal(`${uploadedFileIs(kind)}，不是图片（${accepted}） / The file is not a picture`)
  }
  const frames = meta.pages ?? 1
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * frames
  if (!pixels || pixels > maxUploadPixels()) {
    throw refusal(
      `图片尺寸过大：${meta.width}×${meta.height}${frames > 1 ? `×${frames} 帧` : ''}（${megapixels(pixels)}），上限 ${megapixels(maxUploadPixels())} / The image has too many pixels`,
    )
  }
  // Decoding every pixel is what finds a truncated file (the header alone reads fine); turned upright by its EXIF orientation.
  const image = sharp(file.data, { animated: frames > 1, limitInputPixels: false, failOn: 'warning' })
  const { data, format } = reencode(meta.orientation && frames === 1 ? image.rotate() : image, meta)
  try {
    file.data = await data
  } catch {
    throw refusal(damaged)
  }
  file.size = file.data.length
  file.mimetype = `image/${format}`
  file.name = normaliseFileName(file.name, format)
  return args
}

export const Media: CollectionConfig = {
  slug: 'media',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: {
    alt: true,
    caption: true,
    filename: true,
    mimeType: true,
    width: true,
    height: true,
    focalX: true,
    focalY: true,
    url: true,
    sizes: true,
  },
  labels: { singular: t('图片', 'Media'), plural: t('媒体库', 'Media') },
  admin: { useAsTitle: 'alt', group: t('内容', 'Content'), defaultColumns: ['filename', 'alt', 'updatedAt'] },
  access: { read: anyone, create: staffOnly, update: staffOnly, delete: staffOnly },
  hooks: { beforeOperation: [screenUpload] },
  upload: {
    staticDir: mediaDir,
    mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'],
    focalPoint: true,
    crop: true,
    imageSizes: imageSizes(),
    adminThumbnail: 'thumbnail',
    modifyResponseHeaders: servedFileHeaders,
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      label: t('替代文本', 'Alt text'),
      required: true,
      admin: {
        description: t('用中文描述图片内容，供读屏软件朗读（无障碍要求）', 'Describe the image in Chinese for screen readers'),
      },
    },
    { name: 'caption', type: 'text', label: t('图片说明', 'Caption') },
    { name: 'credit', type: 'text', label: t('来源/摄影', 'Credit') },
  ],
}
