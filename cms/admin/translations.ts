/**
 * Overrides of Payload's Chinese admin texts (keys from @payloadcms/translations zh): the schedule
 * dialog's wording, and words our editors found unclear.
 */
export const zhOverrides = {
  general: {
    all: '全部',
    time: '时间',
    timezone: '时区',
    upcomingEvents: '已预约',
    noUpcomingEventsScheduled: '暂无预约的发布或下线。',
    schedulePublishFor: '预约发布或下线：{{title}}',
  },
  version: {
    // The edit view's preview button opens a signed link a reviewer can also be sent (cms/preview/).
    preview: '预览链接',
    scheduledSuccessfully: '已预约。到时间后自动执行。',
  },
  localization: {
    localeToPublish: '发布的语言',
  },
}
