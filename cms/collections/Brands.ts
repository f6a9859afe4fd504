import type { CollectionConfig } from 'payload'

import { createContent, deleteContent, readContent, updateContent } from '../access/districtScope'
import { transferListComponents } from '../admin/components'
import { bodyField, sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { figuresField } from '../fields/figures'
import { t } from '../fields/label'
import { parentField } from '../fields/parent'
import { partialDateField } from '../fields/partialDate'
import { formerSlugsField } from '../fields/formerSlugs'
import { slugField } from '../fields/slug'
import { usableRelation } from '../fields/usableRelation'

/** 党建品牌 (小虹帽, 音乐党课 …) and series such as 心驿 / 易 with their children. */
export const Brands: CollectionConfig = {
  slug: 'brands',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { name: true, slug: true, district: true, tagline: true },
  labels: { singular: t('党建品牌', 'Brand'), plural: t('党建品牌', 'Brands') },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'district', 'parentBrand', 'updatedAt'],
    group: t('内容', 'Content'),
    // 导出 CSV/JSON, 导入 JSON (cms/transfer/endpoints.ts).
    components: transferListComponents,
  },
  access: { read: readContent(false), create: createContent, update: updateContent, delete: deleteContent(false) },
  // Site rebuilds and edit conflicts: cms/plugins/index.ts.
  fields: [
    { name: 'name', type: 'text', label: t('名称', 'Name'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    formerSlugsField,
    districtField,
    parentField('brands', 'parentBrand', t('所属系列', 'Parent brand / series')),
    { name: 'tagline', type: 'text', label: t('口号', 'Tagline') },
    partialDateField('launchedOn', t('创立日期', 'Launched on')),
    { name: 'ownerOrg', type: 'text', label: t('主办单位', 'Owner organisation') },
    summaryField,
    {
      name: 'values',
      type: 'array',
      label: t('理念与内涵', 'Values'),
      labels: { singular: t('理念', 'Value'), plural: t('理念', 'Values') },
      fields: [
        { name: 'name', type: 'text', label: t('名称', 'Name'), required: true },
        { name: 'description', type: 'textarea', label: t('说明', 'Description') },
      ],
    },
    {
      name: 'components',
      type: 'array',
      label: t('组成部分', 'Components'),
      labels: { singular: t('组成部分', 'Component'), plural: t('组成部分', 'Components') },
      fields: [{ name: 'name', type: 'text', label: t('名称', 'Name'), required: true }],
    },
    figuresField(),
    {
      type: 'row',
      fields: [
        { name: 'logo', type: 'upload', relationTo: 'media', label: t('标志', 'Logo') },
        {
          name: 'color',
          type: 'text',
          label: t('品牌色', 'Colour'),
          validate: (value: string | null | undefined) =>
            !value || /^#[0-9a-fA-F]{6}$/.test(value) || '品牌色应为 #RRGGBB 格式 / Colour must be #RRGGBB',
        },
      ],
    },
    bodyField,
    usableRelation({
      name: 'relatedStations',
      type: 'relationship',
      relationTo: 'stations',
      hasMany: true,
      label: t('相关阵地', 'Related stations'),
    }),
    sourcesField,
  ],
}
