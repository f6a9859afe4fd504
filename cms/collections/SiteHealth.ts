import type { CollectionConfig } from 'payload'

import { staffOnly } from '../access/roles'
import { t } from '../fields/label'

const nobody = () => false

/**
 * One record per district: what the health check after its last site build found
 * (scripts/lib/site-health.ts) — last update per section, broken links, images
 * without alt text, pages over the weight budget. Written only by the site build
 * (overrideAccess); shown by the 站点健康 dashboard (cms/health/).
 */
export const SiteHealth: CollectionConfig = {
  slug: 'site-health',
  labels: { singular: t('站点健康记录', 'Site health record'), plural: t('站点健康记录', 'Site health records') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'alarm', 'staleSections', 'brokenLinks', 'missingAlt', 'overweightPages', 'checkedAt'],
    group: t('系统', 'System'),
    description: t(
      '每次站点构建后自动检查并更新。总览见“站点健康”页面（/admin/site-health）。',
      'Updated by the check after every site build. See the Site health page (/admin/site-health) for the overview.',
    ),
  },
  access: { read: staffOnly, create: nobody, update: nobody, delete: nobody },
  timestamps: true,
  fields: [
    { name: 'title', type: 'text', label: t('站点', 'Site'), admin: { readOnly: true } },
    {
      name: 'district',
      type: 'relationship',
      relationTo: 'districts',
      label: t('区域', 'District'),
      unique: true,
      index: true,
      admin: { readOnly: true },
    },
    {
      name: 'checkedAt',
      type: 'date',
      label: t('检查时间', 'Checked at'),
      admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy-MM-dd HH:mm:ss' } },
    },
    { name: 'alarm', type: 'checkbox', label: t('更新告警', 'Update alarm'), index: true, admin: { readOnly: true } },
    { name: 'staleSections', type: 'text', label: t('超期未更新栏目', 'Stale sections'), admin: { readOnly: true } },
    {
      type: 'row',
      fields: [
        { name: 'brokenLinks', type: 'number', label: t('失效链接', 'Broken links'), min: 0, admin: { readOnly: true } },
        { name: 'missingAlt', type: 'number', label: t('缺少替代文本的图片', 'Images without alt'), min: 0, admin: { readOnly: true } },
        { name: 'overweightPages', type: 'number', label: t('超重页面', 'Pages over budget'), min: 0, admin: { readOnly: true } },
      ],
    },
    { name: 'report', type: 'json', label: t('检查明细', 'Report'), admin: { readOnly: true } },
  ],
}
