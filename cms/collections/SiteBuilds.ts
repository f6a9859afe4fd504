import type { CollectionConfig } from 'payload'

import { staffOnly } from '../access/roles'
import { t } from '../fields/label'

/** Build states, in the order a build passes through them. */
export const siteBuildStatuses = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '构建中', en: 'Running' },
  succeeded: { zh: '成功', en: 'Succeeded' },
  failed: { zh: '失败', en: 'Failed' },
} as const
export type SiteBuildStatus = keyof typeof siteBuildStatuses

const nobody = () => false

/** Longest trigger summary and log tail the rebuild queue writes (a longer one would be refused, and the record never end). */
export const siteBuildTextLimits = { trigger: 500, logTail: 5000 } as const

/**
 * One record per automatic district-site rebuild (cms/publishing/rebuildQueue.ts):
 * what caused it, when it ran, how long it took, how many pages it made and the
 * tail of its log. Written only by the rebuild queue (overrideAccess); editors
 * can read it, nobody can create, change or delete it through the API.
 */
export const SiteBuilds: CollectionConfig = {
  slug: 'site-builds',
  labels: { singular: t('站点构建', 'Site build'), plural: t('站点构建', 'Site builds') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['district', 'status', 'trigger', 'durationMs', 'createdAt'],
    group: t('系统', 'System'),
    description: t(
      '内容发布、撤回或删除后自动重建的区域站点。构建失败时线上站点保持不变。',
      'District sites rebuilt automatically after content is published, unpublished or deleted. A failed build leaves the live site unchanged.',
    ),
  },
  access: { read: staffOnly, create: nobody, update: nobody, delete: nobody },
  defaultSort: '-createdAt',
  timestamps: true,
  fields: [
    {
      name: 'title',
      type: 'text',
      label: t('构建', 'Build'),
      admin: { readOnly: true, hidden: true },
    },
    {
      name: 'district',
      type: 'relationship',
      relationTo: 'districts',
      label: t('区域', 'District'),
      index: true,
      admin: { readOnly: true },
    },
    {
      name: 'status',
      type: 'select',
      label: t('状态', 'Status'),
      required: true,
      defaultValue: 'queued',
      index: true,
      options: Object.entries(siteBuildStatuses).map(([value, label]) => ({ value, label })),
      admin: { readOnly: true },
    },
    { name: 'trigger', type: 'text', label: t('触发原因', 'Trigger'), maxLength: siteBuildTextLimits.trigger, admin: { readOnly: true } },
    {
      type: 'row',
      fields: [
        {
          name: 'startedAt',
          type: 'date',
          label: t('开始时间', 'Started at'),
          admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy-MM-dd HH:mm:ss' } },
        },
        {
          name: 'finishedAt',
          type: 'date',
          label: t('结束时间', 'Finished at'),
          admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy-MM-dd HH:mm:ss' } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'durationMs',
          type: 'number',
          label: t('耗时', 'Duration'),
          min: 0,
          // Stored in milliseconds, shown in seconds (cms/admin/DurationSeconds.tsx).
          admin: {
            readOnly: true,
            width: '50%',
            components: { Cell: '/admin/DurationSeconds#DurationCell', Field: '/admin/DurationSeconds#DurationField' },
          },
        },
        { name: 'pages', type: 'number', label: t('页面数', 'Pages'), min: 0, admin: { readOnly: true, width: '50%' } },
      ],
    },
    {
      name: 'logTail',
      type: 'textarea',
      label: t('构建日志（末尾）', 'Log tail'),
      maxLength: siteBuildTextLimits.logTail,
      admin: {
        readOnly: true,
        rows: 20,
        description: t(
          '站点生成程序（Astro）的原始输出，为英文，供技术人员排查失败原因',
          'Raw output of the site generator (Astro), for troubleshooting',
        ),
      },
    },
  ],
}
