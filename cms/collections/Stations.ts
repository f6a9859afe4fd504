import type { CollectionConfig } from 'payload'

import { figureQualifiers, selectOptions, stationKinds } from '../../shared/vocabulary'
import { createContent, deleteContent, readContent, updateContent } from '../access/districtScope'
import { transferListComponents } from '../admin/components'
import { bodyField, contactField, galleryField, sourcesField, summaryField } from '../fields/common'
import { districtField } from '../fields/district'
import { figuresField } from '../fields/figures'
import { t } from '../fields/label'
import { parentField } from '../fields/parent'
import { partialDateField } from '../fields/partialDate'
import { formerSlugsField } from '../fields/formerSlugs'
import { slugField } from '../fields/slug'

/** 楼宇党群服务站, 工作站, 新空间 …: places people can visit. */
export const Stations: CollectionConfig = {
  slug: 'stations',
  // What another document carries of this one when populated (depth ≥ 1); see News.ts.
  defaultPopulate: { name: true, slug: true, district: true, kind: true, summary: true },
  labels: { singular: t('阵地', 'Station'), plural: t('阵地', 'Stations') },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'district', 'parentStation', 'updatedAt'],
    group: t('内容', 'Content'),
    // 导出 CSV/JSON, 导入 JSON (cms/transfer/endpoints.ts).
    components: transferListComponents,
  },
  access: { read: readContent(false), create: createContent, update: updateContent, delete: deleteContent(false) },
  // Site rebuilds and edit conflicts: cms/plugins/index.ts.
  fields: [
    { name: 'name', type: 'text', label: t('名称', 'Name'), required: true, maxLength: 200, localized: true },
    slugField('district'),
    formerSlugsField,
    districtField,
    {
      name: 'kind',
      type: 'select',
      label: t('类型', 'Kind'),
      options: selectOptions(stationKinds),
      required: true,
      defaultValue: 'station',
      admin: { position: 'sidebar' },
    },
    parentField('stations', 'parentStation', t('所属枢纽', 'Parent station')),
    summaryField,
    {
      type: 'tabs',
      tabs: [
        {
          label: t('位置与开放', 'Place'),
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'building', type: 'text', label: t('楼宇', 'Building') },
                { name: 'floor', type: 'text', label: t('楼层', 'Floor') },
              ],
            },
            { name: 'address', type: 'text', label: t('地址', 'Address') },
            { name: 'location', type: 'point', label: t('坐标（经度, 纬度）', 'Location (lng, lat)') },
            {
              type: 'row',
              fields: [
                { name: 'areaSqm', type: 'number', label: t('面积（平方米）', 'Floor area (m²)'), min: 0 },
                {
                  name: 'areaQualifier',
                  type: 'select',
                  label: t('面积限定词', 'Area qualifier'),
                  options: selectOptions(figureQualifiers),
                },
              ],
            },
            partialDateField('openedOn', t('启用日期', 'Opened on')),
            { name: 'openingHours', type: 'textarea', label: t('开放时间', 'Opening hours') },
            contactField,
            { name: 'belt', type: 'text', label: t('所属集聚带', 'Cluster / belt') },
          ],
        },
        {
          label: t('功能与服务', 'Zones & services'),
          fields: [
            {
              name: 'zones',
              type: 'array',
              label: t('功能区', 'Functional zones'),
              labels: { singular: t('功能区', 'Zone'), plural: t('功能区', 'Zones') },
              fields: [
                { name: 'name', type: 'text', label: t('名称', 'Name'), required: true },
                { name: 'description', type: 'textarea', label: t('说明', 'Description') },
              ],
            },
            {
              name: 'services',
              type: 'array',
              label: t('服务项目', 'Services'),
              labels: { singular: t('服务', 'Service'), plural: t('服务', 'Services') },
              fields: [{ name: 'name', type: 'text', label: t('服务', 'Service'), required: true }],
            },
            figuresField(),
            {
              name: 'milestones',
              type: 'array',
              label: t('大事记', 'Milestones'),
              labels: { singular: t('事件', 'Milestone'), plural: t('事件', 'Milestones') },
              fields: [
                { name: 'label', type: 'text', label: t('事件', 'Event'), required: true },
                partialDateField('on', t('日期', 'Date'), { required: true }),
              ],
            },
          ],
        },
        { label: t('图文', 'Story'), fields: [galleryField, bodyField] },
      ],
    },
    sourcesField,
  ],
}
