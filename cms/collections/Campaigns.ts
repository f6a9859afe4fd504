import type { CollectionConfig } from 'payload'

import { workflowComponents } from '../admin/components'
import { withEditConflictCheck } from '../api/editConflict'
import { sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { endDateField } from '../fields/endDate'
import { t } from '../fields/label'
import { partialDateField } from '../fields/partialDate'
import { slugField } from '../fields/slug'
import { workflowFields } from '../review/workflow'
import { editorialCollection } from './editorial'

/** Time-boxed themes (主题活动) an editor schedules; sites show them between start and end. */
export const Campaigns: CollectionConfig = withEditConflictCheck({
  slug: 'campaigns',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { title: true, slug: true, district: true, startsOn: true, endsOn: true },
  labels: { singular: t('主题宣传', 'Campaign'), plural: t('主题宣传', 'Campaigns') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'district', 'startsOn.date', 'endsOn', '_status', 'reviewState'],
    // The review chain as buttons, the review state in the header (cms/admin/).
    components: workflowComponents,
    group: t('内容', 'Content'),
  },
  ...editorialCollection({ schedulePublish: true }),
  defaultSort: '-startsOn.date',
  fields: [
    { name: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    districtField,
    { name: 'brand', type: 'relationship', relationTo: 'brands', label: t('所属品牌', 'Brand') },
    partialDateField('startsOn', t('开始日期', 'Starts on'), { required: true }),
    endDateField('endsOn', t('结束日期', 'Ends on'), 'startsOn'),
    { name: 'banner', type: 'upload', relationTo: 'media', label: t('横幅图', 'Banner') },
    summaryField,
    { name: 'featuredNews', type: 'relationship', relationTo: 'news', hasMany: true, label: t('推荐新闻', 'Featured news') },
    {
      name: 'featuredActivities',
      type: 'relationship',
      relationTo: 'activities',
      hasMany: true,
      label: t('推荐活动', 'Featured activities'),
    },
    { name: 'relatedStations', type: 'relationship', relationTo: 'stations', hasMany: true, label: t('相关阵地', 'Related stations') },
    {
      name: 'targetDistricts',
      type: 'relationship',
      relationTo: 'districts',
      hasMany: true,
      label: t('投放区域', 'Target districts'),
      admin: { description: t('除所属区域外，还在哪些区域站点展示', 'Other district sites that show this campaign') },
    },
    ...workflowFields,
    sourcesField,
  ],
})
