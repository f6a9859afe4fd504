import type { CollectionConfig } from 'payload'

import { districtLevels, selectOptions } from '../../shared/vocabulary'
import { districtScope, hasAnyRole, isAdmin } from '../access/districtScope'
import { adminOnlyChange } from '../access/adminOnlyChange'
import { adminOnly, anyone } from '../access/roles'
import { contactField, httpUrlOrEmpty, sourcesField, summaryField } from '../fields/common'
import { figuresField } from '../fields/figures'
import { t } from '../fields/label'
import { parentField } from '../fields/parent'
import { slugField } from '../fields/slug'

/** 区 → 街道/镇/园区. Every district with content gets its own static site. */
export const Districts: CollectionConfig = {
  slug: 'districts',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { name: true, slug: true, level: true, parent: true },
  labels: { singular: t('区域', 'District'), plural: t('区域', 'Districts') },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'level', 'parent', 'slug', 'updatedAt'],
    group: t('基础数据', 'Reference'),
  },
  access: {
    read: anyone,
    create: adminOnly,
    // District editors maintain the site settings of the districts they are responsible for.
    update: async ({ req }) => {
      if (isAdmin(req.user)) return true
      if (!hasAnyRole(req.user, 'district-editor')) return false
      return { id: { in: (await districtScope(req)) as string[] } }
    },
    delete: adminOnly,
  },
  timestamps: true,
  // Site rebuilds and edit conflicts: cms/plugins/index.ts.
  fields: [
    { name: 'name', type: 'text', label: t('名称', 'Name'), required: true, maxLength: 200, localized: true },
    slugField('global'),
    {
      name: 'level',
      type: 'select',
      label: t('层级', 'Level'),
      options: selectOptions(districtLevels),
      required: true,
      defaultValue: 'district',
      admin: { position: 'sidebar' },
      hooks: { beforeChange: [adminOnlyChange('层级')] },
    },
    { ...parentField('districts', 'parent', t('上级区域', 'Parent district')), hooks: { beforeChange: [adminOnlyChange('上级区域')] } },
    summaryField,
    figuresField('facts', t('概况数据', 'Key facts')),
    {
      name: 'site',
      type: 'group',
      label: t('站点设置', 'Site settings'),
      fields: [
        { name: 'title', type: 'text', label: t('站点标题', 'Site title') },
        {
          name: 'themeColor',
          type: 'text',
          label: t('主题色', 'Theme colour'),
          defaultValue: '#b71c1c',
          validate: (value: string | null | undefined) =>
            !value || /^#[0-9a-fA-F]{6}$/.test(value) || '主题色应为 #RRGGBB 格式 / Theme colour must be #RRGGBB',
        },
        { name: 'heroImage', type: 'upload', relationTo: 'media', label: t('首页头图', 'Hero image') },
        {
          name: 'baseUrl',
          type: 'text',
          label: t('站点网址', 'Base URL'),
          validate: httpUrlOrEmpty,
          admin: { description: t('用于规范链接和分享，如 https://minhang.example.gov.cn', 'Canonical base URL of this site') },
        },
        contactField,
      ],
    },
    sourcesField,
  ],
}
