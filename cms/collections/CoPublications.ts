import type { CollectionConfig, Field } from 'payload'

import { createCoPublication, readCoPublications, updateCoPublication } from '../access/coPublications'
import { staffOfRecordField } from '../access/districtScope'
import { adminOnly } from '../access/roles'
import { actionLogField } from '../fields/actionLog'
import { actorNameFallback } from '../fields/actorName'
import { t } from '../fields/label'
import { coPublicationRules, coPublishStates, coPublishable } from '../review/coPublishing'

/** Set by the server only (see cms/review/coPublishing.ts); shown read-only. */
const serverField = (field: Field): Field => ({ ...field, admin: { ...field.admin, readOnly: true } }) as Field

/**
 * 信息报送: one record per submitted news item or activity, from its district
 * (报送单位) to the parent district (接收单位). A separate collection rather than
 * fields on the item, so that deciding never saves the item itself (no new
 * version, no review-chain step, no risk of publishing a pending draft) and the
 * parent's editors need no right on the item to decide.
 */
export const CoPublications: CollectionConfig = {
  slug: 'co-publications',
  labels: { singular: t('信息报送', 'Co-publication'), plural: t('信息报送', 'Co-publications') },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'origin', 'target', 'state', 'submittedByName', 'submittedAt'],
    listSearchableFields: ['title'],
    group: t('内容', 'Content'),
    description: t(
      '街道、镇把已发布的新闻或活动报送给上级区，上级区编辑采用后，该内容同时出现在上级区站点（注明来源，规范链接指向原稿）。待处理的报送：在列表中按“状态 = 待接收”筛选。',
      'A sub-district submits a published news item or activity to its parent district; once the parent’s editors accept it, it also appears on the parent’s site (credited, canonical URL at the origin). Pending ones: filter the list by state = awaiting decision.',
    ),
  },
  access: {
    read: readCoPublications,
    create: createCoPublication,
    update: updateCoPublication,
    // Records are kept as the history of a submission; withdraw instead.
    delete: adminOnly,
  },
  defaultSort: '-updatedAt',
  timestamps: true,
  hooks: {
    beforeChange: [coPublicationRules],
    // The receiving district's site is rebuilt when the item enters or leaves it (site rebuilds: cms/plugins/index.ts).
  },
  fields: [
    {
      name: 'item',
      type: 'relationship',
      relationTo: [...coPublishable],
      required: true,
      label: t('报送内容', 'Item'),
      // Only published items can be offered when submitting (checked again on save); an existing
      // record keeps its item even after it was unpublished (and so withdrawn).
      filterOptions: ({ id }) => (id ? true : { _status: { equals: 'published' } }),
      admin: {
        description: t('本单位已发布的新闻或活动；保存后不能更换', 'A published news item or activity of your district; fixed once saved'),
      },
    },
    serverField({ name: 'title', type: 'text', label: t('标题', 'Title') }),
    serverField({ name: 'itemKey', type: 'text', unique: true, index: true, admin: { hidden: true } }),
    {
      type: 'row',
      fields: [
        serverField({ name: 'origin', type: 'relationship', relationTo: 'districts', index: true, label: t('报送单位', 'From') }),
        serverField({ name: 'target', type: 'relationship', relationTo: 'districts', index: true, label: t('接收单位', 'To') }),
      ],
    },
    {
      name: 'state',
      type: 'select',
      label: t('状态', 'State'),
      options: Object.entries(coPublishStates).map(([value, label]) => ({ value, label })),
      defaultValue: 'submitted',
      required: true,
      index: true,
      admin: {
        position: 'sidebar',
        description: t(
          '报送单位：报送、撤回；接收单位的区域编辑：采用或不予采用（需填写理由）',
          'Origin: submit, withdraw; the receiving district’s editors: accept or decline (with a reason)',
        ),
      },
    },
    {
      name: 'declineReason',
      type: 'textarea',
      access: { read: staffOfRecordField },
      label: t('不予采用理由', 'Reason for declining'),
      admin: { position: 'sidebar', description: t('不予采用时必填', 'Required when declining') },
    },
    ...[
      // The accounts stay for the record; staff see the names stored beside them (see fields/actorName.ts).
      {
        name: 'submittedBy',
        type: 'relationship',
        relationTo: 'users',
        maxDepth: 0,
        label: t('报送人账号', 'Submitted by (account)'),
        admin: { hidden: true },
      },
      {
        name: 'submittedByName',
        type: 'text',
        label: t('报送人', 'Submitted by'),
        hooks: { afterRead: [actorNameFallback('submittedBy')] },
      },
      {
        name: 'submittedAt',
        type: 'date',
        label: t('报送时间', 'Submitted at'),
        admin: { date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy年M月d日 HH:mm' } },
      },
      {
        name: 'decidedBy',
        type: 'relationship',
        relationTo: 'users',
        maxDepth: 0,
        label: t('处理人账号', 'Decided by (account)'),
        admin: { hidden: true },
      },
      { name: 'decidedByName', type: 'text', label: t('处理人', 'Decided by'), hooks: { afterRead: [actorNameFallback('decidedBy')] } },
      {
        name: 'decidedAt',
        type: 'date',
        label: t('处理时间', 'Decided at'),
        admin: { date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy年M月d日 HH:mm' } },
      },
    ].map((field) =>
      serverField({ ...field, access: { read: staffOfRecordField }, admin: { ...field.admin, position: 'sidebar' } } as Field),
    ),
    actionLogField('log', t('报送记录', 'Log')),
  ],
}
