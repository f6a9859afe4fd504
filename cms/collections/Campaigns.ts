import type { CollectionConfig } from 'payload'

import { createContent, deleteContent, readContent, readVersionsInScope, updateContent } from '../access/districtScope'
import { workflowComponents } from '../admin/components'
import { sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { endDateField } from '../fields/endDate'
import { t } from '../fields/label'
import { partialDateField } from '../fields/partialDate'
import { scheduleNoteField } from '../fields/scheduleNote'
import { formerSlugsField } from '../fields/formerSlugs'
import { slugField } from '../fields/slug'
import { cancelScheduledJobsOfDeleted } from '../publishing/cancelScheduledJobs'
import { workflowFields } from '../review/workflow'
import { usableRelation } from '../fields/usableRelation'

/** Time-boxed themes (主题活动) an editor schedules; sites show them between start and end. */
export const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { title: true, slug: true, district: true, startsOn: true, endsOn: true },
  labels: { singular: t('主题宣传', 'Campaign'), plural: t('主题宣传', 'Campaigns') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'district', 'startsOn.date', 'endsOn', '_status', 'reviewState', 'scheduleNote'],
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
  defaultSort: '-startsOn.date',
  fields: [
    { name: 'title', type: 'text', label: t('标题', 'Title'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    formerSlugsField,
    districtField,
    usableRelation({ name: 'brand', type: 'relationship', relationTo: 'brands', label: t('所属品牌', 'Brand') }),
    // Two schedules, said in the form: 开始/结束日期 is the display window on the sites; 预约发布 (the
    // calendar next to 发布) is when the item itself goes live or comes off.
    {
      ...partialDateField('startsOn', t('开始日期', 'Starts on'), { required: true }),
      admin: {
        description: t(
          '展示期开始：站点从这一天（上海时间）起显示本宣传。与“预约发布”不同：预约发布决定内容何时发布，展示期决定已发布的内容何时在站点上出现',
          'Display window start: sites show the campaign from this day on (Shanghai). Not the publish schedule, which decides when the item is published',
        ),
      },
    },
    (() => {
      const endsOn = endDateField('endsOn', t('结束日期', 'Ends on'), 'startsOn')
      return {
        ...endsOn,
        admin: {
          ...endsOn.admin,
          description: t(
            '展示期结束：过了这一天站点不再显示本宣传（内容仍为已发布）；可不填。要让内容到时下线，请用“发布”旁的日历预约下线',
            'Display window end: sites stop showing it after this day (it stays published); optional. To unpublish at a time, schedule it with the calendar next to Publish',
          ),
        },
      }
    })(),
    { name: 'banner', type: 'upload', relationTo: 'media', label: t('横幅图', 'Banner') },
    summaryField,
    usableRelation(
      { name: 'featuredNews', type: 'relationship', relationTo: 'news', hasMany: true, label: t('推荐新闻', 'Featured news') },
      { published: true },
    ),
    usableRelation(
      {
        name: 'featuredActivities',
        type: 'relationship',
        relationTo: 'activities',
        hasMany: true,
        label: t('推荐活动', 'Featured activities'),
      },
      { published: true },
    ),
    usableRelation({
      name: 'relatedStations',
      type: 'relationship',
      relationTo: 'stations',
      hasMany: true,
      label: t('相关阵地', 'Related stations'),
    }),
    usableRelation(
      {
        name: 'targetDistricts',
        type: 'relationship',
        relationTo: 'districts',
        hasMany: true,
        label: t('投放区域', 'Target districts'),
        admin: { description: t('除所属区域外，还在哪些区域站点展示', 'Other district sites that show this campaign') },
      },
      { districts: 'scope' },
    ),
    ...workflowFields,
    scheduleNoteField,
    sourcesField,
  ],
}
