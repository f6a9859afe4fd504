import type { UIField } from 'payload'

import { t } from './label'

/**
 * 预约: a scheduled publish/unpublish shown in the edit view's sidebar and as a list column
 * (cms/admin/ScheduleNote.tsx). Stores nothing.
 */
export const scheduleNoteField: UIField = {
  name: 'scheduleNote',
  type: 'ui',
  label: t('预约', 'Scheduled'),
  admin: {
    position: 'sidebar',
    components: { Field: '/admin/ScheduleNote#ScheduleNote', Cell: '/admin/ScheduleNote#ScheduleCell' },
  },
}
