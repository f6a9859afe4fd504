import { ValidationError, type CollectionBeforeOperationHook, type CollectionConfig, type ImageSize } from 'payload'
import sharp from 'sharp'

import { normaliseFileName } from '../../shared/files'
import { mediaDir as resolveMediaDir } from '../../shared/paths'
import { anyone, staffOnly } from '../access/roles'
import { t } from '../fields/label'

/** Uploads live in `media/` at the repo root (absolute, so the cwd does not matter) unless MEDIA_DIR says otherwise. */
export const mediaDir = resolveMediaDir()

type SizeSpec = { name: string; width: number; height?: number }

/** The sizes sites use. Each is made twice, as WebP and as AVIF (`<name>Avif`), so sites can offer both in <picture>. */
export const mediaSizes: SizeSpec[] = [
  { name: 'thumbnail', width: 320, height: 240 },
  { name: 'card', width: 768, height: 480 },
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

/**
 * Every uploaded picture is opened with sharp before Payload stores it: files that are not real
 * raster images, too large in bytes or in pixels (a decompression bomb is a small file of
 * enormous dimensions: only the header is read to find out) are refused with a message saying why;
 * the original is re-written without its metadata, so EXIF GPS positions and camera serials never
 * reach the public file (sizes are made from it, also without metadata); the file name becomes
 * plain lowercase ASCII.
 */
const screenUpload: CollectionBeforeOperationHook = async ({ args, operation }) => {
  const file = args.req?.file as { data: Buffer; mimetype: string; name: string; size: number } | undefined
  if (!file || (operation !== 'create' && operation !== 'update')) return args
  // A validation error on the file field: the admin shows it next to the upload, loses nothing else.
  const refuse = (message: string) => {
    throw new ValidationError({ collection: 'media', errors: [{ path: 'file', message }] })
  }
  if (file.size > maxUploadBytes()) refuse(`图片过大：${(file.size / 1048576).toFixed(1)} MB，上限 ${(maxUploadBytes() / 1048576).toFixed(0)} MB / Image too large`)
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>
  try {
    meta = await sharp(file.data, { limitInputPixels: false }).metadata()
  } catch {
    return refuse('无法识别的图片文件（只接受 JPEG、PNG、WebP、AVIF、GIF） / Not a readable raster image')
  }
  if (!meta.format || !['jpeg', 'png', 'webp', 'heif', 'gif'].includes(meta.format)) {
    refuse(`不接受的文件类型：${meta.format ?? '未知'}（只接受 JPEG、PNG、WebP、AVIF、GIF） / File type not accepted`)
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * (meta.pages ?? 1)
  if (!pixels || pixels > maxUploadPixels()) {
    refuse(`图片尺寸过大：${meta.width}×${meta.height}${meta.pages && meta.pages > 1 ? `×${meta.pages} 帧` : ''}，上限 ${(maxUploadPixels() / 1e6).toFixed(0)} 百万像素 / Image has too many pixels`)
  }
  // Re-written without metadata (sharp keeps none unless asked), turned upright first by its EXIF orientation.
  if (meta.exif || meta.xmp || meta.iptc) {
    const clean = await sharp(file.data, { animated: meta.format === 'gif' || meta.format === 'webp' })
      .rotate()
      .toFormat(meta.format === 'heif' ? 'avif' : (meta.format as 'jpeg' | 'png' | 'webp' | 'gif'), meta.format === 'jpeg' ? { quality: 92, mozjpeg: true } : {})
      .toBuffer()
    file.data = clean
    file.size = clean.length
  }
  file.name = normaliseFileName(file.name, meta.format!)
  return args
}

export const Media: CollectionConfig = {
  slug: 'media',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { alt: true, caption: true, filename: true, mimeType: true, width: true, height: true, focalX: true, focalY: true, url: true, sizes: true },
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
