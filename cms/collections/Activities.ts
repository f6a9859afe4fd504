import type { CollectionConfig } from 'payload'

import { figureQualifiers, selectOptions } from '../../shared/vocabulary'
import { createContent, deleteContent, readContent, readVersionsInScope, updateContent } from '../access/districtScope'
import { workflowComponents } from '../admin/components'
import { attachmentsField, bodyField, galleryField, sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { endDateField } from '../fields/endDate'
import { figuresField } from '../fields/figures'
import { t } from '../fields/label'
import { partialDateField } from '../fields/partialDate'
import { formerSlugsField } from '../fields/formerSlugs'
import { slugField } from '../fields/slug'
import { workflowFields } from '../review/workflow'
import { usableRelation } from '../fields/usableRelation'

/** Dated event write-ups (活动纪实). */
export const Activities: CollectionConfig = {
  slug: 'activities',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { title: true, slug: true, district: true, date: true, summary: true },
  labels: { singular: t('活动', 'Activity'), plural: t('活动', 'Activities') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'district', 'date.date', '_status', 'reviewState', 'updatedAt'],
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
  versions: { drafts: true, maxPerDoc: 50 },
  // Review chain, site rebuilds and edit conflicts: cms/plugins/index.ts.
  defaultSort: '-date.date',
  fields: [
    { name: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    formerSlugsField,
    districtField,
    partialDateField('date', t('活动日期', 'Date'), { required: true }),
    endDateField('endDate', t('结束日期', 'End date'), 'date'),
    { name: 'venue', type: 'text', label: t('地点', 'Venue') },
    {
      type: 'row',
      fields: [
        usableRelation({ name: 'station', type: 'relationship', relationTo: 'stations', label: t('所在阵地', 'Station') }),
        usableRelation({ name: 'brand', type: 'relationship', relationTo: 'brands', label: t('所属品牌', 'Brand') }),
      ],
    },
    { name: 'organisers', type: 'text', hasMany: true, label: t('主办单位', 'Organisers') },
    {
      type: 'row',
      fields: [
        { name: 'participants', type: 'number', label: t('参与人数', 'Participants'), min: 0 },
        {
          name: 'participantsQualifier',
          type: 'select',
          label: t('人数限定词', 'Participants qualifier'),
          options: selectOptions(figureQualifiers),
        },
      ],
    },
    figuresField(),
    galleryField,
    summaryField,
    bodyField,
    attachmentsField,
    ...workflowFields,
    sourcesField,
  ],
}
