import type { GroupField } from 'payload'

import { shanghaiParts } from '../../shared/dates'
import { datePrecisions, selectOptions } from '../../shared/vocabulary'
import { t } from './label'

/** Today's date in Shanghai, stored as the partial dates are (12:00 UTC of the day). */
export function todayInShanghai(): string {
  const { year, month, day } = shanghaiParts(new Date())
  return new Date(Date.UTC(year, month - 1, day, 12)).toISOString()
}

/**
 * A date the sources may give only to the month or the year: the date itself
 * (first day of the period), its precision, and an editor's note when the
 * date was inferred. Sites format it at its precision (2018年3月).
 */
export function partialDateField(
  name: string,
  label: { zh: string; en: string },
  { required = false }: { required?: boolean } = {},
): GroupField {
  return {
    name,
    type: 'group',
    label,
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'date',
            type: 'date',
            label: t('日期', 'Date'),
            required,
            // A required date (publish date, activity date, campaign start) starts as today in Shanghai.
            ...(required ? { defaultValue: todayInShanghai } : {}),
            index: true,
            admin: { date: { pickerAppearance: 'dayOnly', displayFormat: 'yyyy-MM-dd' }, width: '50%' },
          },
          {
            name: 'precision',
            type: 'select',
            label: t('日期精度', 'Precision'),
            options: selectOptions(datePrecisions),
            defaultValue: 'day',
            required: true,
            admin: {
              width: '50%',
              description: t(
                '来源只给出年份或月份时选“年”或“月”，页面将只显示到该精度',
                'Pick month or year when the source gives no exact day',
              ),
            },
          },
        ],
      },
      {
        name: 'note',
        type: 'text',
        label: t('日期说明', 'Date note'),
        admin: { description: t('日期为推断时，说明依据', 'Why the date was inferred, if it was') },
      },
    ],
  }
}
