import type { DateField } from 'payload'

import { t } from './label'

/**
 * An optional end date that may not fall before the start date stored at
 * `<startGroup>.date` (a partial-date group on the same document).
 */
export function endDateField(name: string, label: { zh: string; en: string }, startGroup: string): DateField {
  return {
    name,
    type: 'date',
    label,
    admin: { date: { pickerAppearance: 'dayOnly', displayFormat: 'yyyy-MM-dd' }, description: t('可不填', 'Optional') },
    validate: (value, { data }) => {
      const start = (data as Record<string, { date?: string | null } | undefined>)?.[startGroup]?.date
      if (!value || !start) return true
      return new Date(value as Date | string) >= new Date(start)
        ? true
        : '结束日期不能早于开始日期 / The end date cannot be before the start date'
    },
  }
}
