import type { CollectionConfig } from 'payload'

import { workflowComponents } from '../admin/components'
import { withEditConflictCheck } from '../api/editConflict'
import { attachmentsField, bodyField, sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { t } from '../fields/label'
import { partialDateField } from '../fields/partialDate'
import { scheduleNoteField } from '../fields/scheduleNote'
import { slugField } from '../fields/slug'
import { workflowFields } from '../review/workflow'
import { editorialCollection } from './editorial'
import { usableRelation } from '../fields/usableRelation'

export const News: CollectionConfig = withEditConflictCheck({
  slug: 'news',
  // What another document carries of this one when it is populated (depth ≥ 1): a card's worth, not
  // its body — a list of 20 news at depth 1 was 541 KB of related stations' and activities' full texts.
  defaultPopulate: { title: true, slug: true, district: true, publishedOn: true, summary: true, cover: true },
  labels: { singular: t('新闻', 'News item'), plural: t('新闻', 'News') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'district', 'publishedOn.date', '_status', 'reviewState', 'scheduleNote', 'updatedAt'],
    // The review chain as buttons, the review state in the header (cms/admin/).
    components: workflowComponents,
    group: t('内容', 'Content'),
  },
  ...editorialCollection({ schedulePublish: true }),
  defaultSort: '-publishedOn.date',
  fields: [
    { name: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    districtField,
    partialDateField('publishedOn', t('发布日期', 'Publish date'), { required: true }),
    { name: 'byline', type: 'text', label: t('作者', 'Byline') },
    { name: 'cover', type: 'upload', relationTo: 'media', label: t('封面图', 'Cover image') },
    summaryField,
    bodyField,
    attachmentsField,
    { name: 'tags', type: 'text', hasMany: true, label: t('标签', 'Tags') },
    {
      type: 'collapsible',
      label: t('关联内容', 'Related content'),
      fields: [
        usableRelation({ name: 'relatedBrands', type: 'relationship', relationTo: 'brands', hasMany: true, label: t('相关品牌', 'Related brands') }),
        usableRelation({ name: 'relatedStations', type: 'relationship', relationTo: 'stations', hasMany: true, label: t('相关阵地', 'Related stations') }),
        usableRelation({ name: 'relatedActivities', type: 'relationship', relationTo: 'activities', hasMany: true, label: t('相关活动', 'Related activities') }, { published: true }),
      ],
    },
    ...workflowFields,
    scheduleNoteField,
    sourcesField,
  ],
})
