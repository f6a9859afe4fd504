import type { Field } from 'payload'

import { isHttpUrl } from '../../shared/safeText'
import { staffOfRecordField } from '../access/districtScope'
import { t } from './label'

/** Web addresses shown as links must be absolute http(s) URLs (no javascript:, data: …). */
export const httpUrlOrEmpty = (value: string | null | undefined) =>
  !value || isHttpUrl(value) || '网址应以 http:// 或 https:// 开头 / Must be an http(s) URL'

export const summaryField: Field = {
  name: 'summary',
  type: 'textarea',
  label: t('摘要', 'Summary'),
  maxLength: 1000,
  localized: true,
  admin: { description: t('一两句话，用于列表、搜索结果和分享卡片', 'One or two sentences for lists, search and share cards') },
}

export const bodyField: Field = { name: 'body', type: 'richText', label: t('正文', 'Body'), localized: true }

/** Which source documents a record was drawn from (provenance for editors, not shown on sites). */
export const sourcesField: Field = {
  name: 'sources',
  type: 'text',
  access: { read: staffOfRecordField },
  hasMany: true,
  label: t('资料来源', 'Sources'),
  admin: { position: 'sidebar' },
}

export const contactField: Field = {
  name: 'contact',
  type: 'group',
  label: t('联系方式', 'Contact'),
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'phone', type: 'text', label: t('电话', 'Phone') },
        { name: 'email', type: 'email', label: t('电子邮箱', 'Email') },
      ],
    },
    { name: 'address', type: 'text', label: t('地址', 'Address') },
    { name: 'website', type: 'text', label: t('网站', 'Website'), validate: httpUrlOrEmpty },
  ],
}

/** PDF attachments (collections/Documents.ts), listed as download links under the text. */
export const attachmentsField: Field = {
  name: 'attachments',
  type: 'upload',
  relationTo: 'documents',
  hasMany: true,
  label: t('附件（PDF）', 'Attachments (PDF)'),
}

export const galleryField: Field = {
  name: 'gallery',
  type: 'upload',
  relationTo: 'media',
  hasMany: true,
  label: t('图集', 'Gallery'),
}
