import type { CollectionConfig, ImageSize } from 'payload'

import { mediaDir as resolveMediaDir } from '../../shared/paths'
import { anyone, signedIn } from '../access/roles'
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

export const Media: CollectionConfig = {
  slug: 'media',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { alt: true, caption: true, filename: true, mimeType: true, width: true, height: true, focalX: true, focalY: true, url: true, sizes: true },
  labels: { singular: t('图片', 'Media'), plural: t('媒体库', 'Media') },
  admin: { useAsTitle: 'alt', group: t('内容', 'Content'), defaultColumns: ['filename', 'alt', 'updatedAt'] },
  access: { read: anyone, create: signedIn, update: signedIn, delete: signedIn },
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
