import type { ArrayField } from 'payload'

import { isPartialDateText } from '../../shared/dates'
import { figureQualifiers, selectOptions } from '../../shared/vocabulary'
import { t } from './label'

/** Key figures (label / value / unit / 约·近·超过 / as-of), as the sources state them. */
export function figuresField(name = 'figures', label = t('关键数据', 'Key figures')): ArrayField {
  return {
    name,
    type: 'array',
    label,
    labels: { singular: t('数据', 'Figure'), plural: t('数据', 'Figures') },
    admin: { initCollapsed: true },
    fields: [
      {
        type: 'row',
        fields: [
          { name: 'label', type: 'text', label: t('指标', 'Label'), required: true, admin: { width: '40%' } },
          {
            name: 'value',
            type: 'text',
            label: t('数值', 'Value'),
            required: true,
            admin: { width: '20%', description: t('数字或文字', 'Number or text') },
          },
          { name: 'unit', type: 'text', label: t('单位', 'Unit'), admin: { width: '15%' } },
          {
            name: 'qualifier',
            type: 'select',
            label: t('限定词', 'Qualifier'),
            options: selectOptions(figureQualifiers),
            admin: { width: '25%' },
          },
        ],
      },
      {
        name: 'asOf',
        type: 'text',
        label: t('截至日期', 'As of'),
        admin: { description: t('格式 YYYY、YYYY-MM 或 YYYY-MM-DD', 'YYYY, YYYY-MM or YYYY-MM-DD') },
        validate: (value: string | null | undefined) =>
          !value || isPartialDateText(value) || '截至日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD / As-of must be YYYY, YYYY-MM or YYYY-MM-DD',
      },
    ],
  }
}
