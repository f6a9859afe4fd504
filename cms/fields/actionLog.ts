import type { ArrayField } from 'payload'

import { staffOfRecordField } from '../access/districtScope'
import { actorName, actorNameFallback } from './actorName'
import { t } from './label'

/**
 * A read-only log of workflow steps — action, resulting state, who (account and name), when, a
 * note — written by server hooks (the 三审 chain's 审核记录, co-publishing's 报送记录). Staff only.
 */
export function actionLogField(name: string, label: { zh: string; en: string }, admin: ArrayField['admin'] = {}): ArrayField {
  return {
    name,
    type: 'array',
    access: { read: staffOfRecordField },
    label,
    // Row titles read 记录 01, 记录 02 … (without labels Payload names rows after the field: "Review Log 01").
    labels: { singular: t('记录', 'Entry'), plural: t('记录', 'Entries') },
    admin: { readOnly: true, initCollapsed: true, ...admin },
    fields: [
      { name: 'action', type: 'text', label: t('操作', 'Action') },
      { name: 'state', type: 'text', label: t('状态', 'State') },
      // Only the account's id, never the populated account (its e-mail, roles, sessions …), at any depth;
      // staff see the stored name (they cannot read other accounts).
      {
        name: 'by',
        type: 'relationship',
        relationTo: 'users',
        maxDepth: 0,
        label: t('操作人账号', 'By (account)'),
        admin: { hidden: true },
      },
      { name: 'byName', type: 'text', label: t('操作人', 'By'), hooks: { afterRead: [actorNameFallback('by')] } },
      // 2026年11月29日 18:08, not Payload's default for date and time (11月 29, 2026 6:08 下午).
      {
        name: 'at',
        type: 'date',
        label: t('时间', 'At'),
        admin: { date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy年M月d日 HH:mm' } },
      },
      { name: 'note', type: 'textarea', label: t('说明', 'Note') },
    ],
  }
}

/** Who did a step, as a log entry keeps it: the id and the display name, nothing else. */
export function actor(user: { id: number | string; name?: string | null } | null): { by: number | string | null; byName: string } {
  return { by: user?.id ?? null, byName: actorName(user) }
}
