import type { CollectionConfig } from 'payload'

import { createContent, deleteContent, readContent, readVersionsInScope, updateContent } from '../access/districtScope'
import { workflowComponents } from '../admin/components'
import { attachmentsField, bodyField, sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { t } from '../fields/label'
import { partialDateField } from '../fields/partialDate'
import { scheduleNoteField } from '../fields/scheduleNote'
import { formerSlugsField } from '../fields/formerSlugs'
import { slugField } from '../fields/slug'
import { cancelScheduledJobsOfDeleted } from '../publishing/cancelScheduledJobs'
import { workflowFields } from '../review/workflow'
import { usableRelation } from '../fields/usableRelation'

export const News: CollectionConfig = {
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
  access: {
    read: readContent(true),
    readVersions: readVersionsInScope,
    create: createContent,
    update: updateContent,
    delete: deleteContent(true),
  },
  // Scheduled publish/unpublish is carried out by the jobs queue (payload.config.ts); the schedule
  // dialog's time list in 24 hours (00:00, not 12:00 上午), quarter-hour steps.
  versions: { drafts: { schedulePublish: { timeFormat: 'HH:mm', timeIntervals: 15 } }, maxPerDoc: 50 },
  // Deleting an item also cancels its scheduled publish/unpublish (the job names it by id only).
  // Review chain, site rebuilds and edit conflicts: cms/plugins/index.ts.
  hooks: { afterDelete: [cancelScheduledJobsOfDeleted] },
  defaultSort: '-publishedOn.date',
  fields: [
    { name: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    formerSlugsField,
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
        usableRelation({
          name: 'relatedBrands',
          type: 'relationship',
          relationTo: 'brands',
          hasMany: true,
          label: t('相关品牌', 'Related brands'),
        }),
        usableRelation({
          name: 'relatedStations',
          type: 'relationship',
          relationTo: 'stations',
          hasMany: true,
          label: t('相关阵地', 'Related stations'),
        }),
        usableRelation(
          {
            name: 'relatedActivities',
            type: 'relationship',
            relationTo: 'activities',
            hasMany: true,
            label: t('相关活动', 'Related activities'),
          },
          { published: true },
        ),
      ],
    },
    ...workflowFields,
    scheduleNoteField,
    sourcesField,
  ],
}
