import type { Field } from 'payload'

import { staffOnlyField } from '../access/roles'
import { t } from './label'

export const summaryField: Field = {
  name: 'summary',
  type: 'textarea',
  label: t('摘要', 'Summary'),
  admin: { description: t('一两句话，用于列表、搜索结果和分享卡片', 'One or two sentences for lists, search and share cards') },
}

export const bodyField: Field = { name: 'body', type: 'richText', label: t('正文', 'Body') }

/** Which source documents a record was drawn from (provenance for editors, not shown on sites). */
export const sourcesField: Field = {
  name: 'sources',
  type: 'text',
  access: { read: staffOnlyField },
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
    { name: 'website', type: 'text', label: t('网站', 'Website') },
  ],
}

export const galleryField: Field = {
  name: 'gallery',
  type: 'upload',
  relationTo: 'media',
  hasMany: true,
  label: t('图集', 'Gallery'),
}
