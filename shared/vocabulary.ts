/**
 * Controlled vocabularies shared by the CMS (select options) and the sites
 * (display labels). Values are stable identifiers; labels are what people read.
 */
export type Label = { zh: string; en: string }

export const datePrecisions = {
  day: { zh: '日', en: 'Day' },
  month: { zh: '月', en: 'Month' },
  year: { zh: '年', en: 'Year' },
} as const satisfies Record<string, Label>
export type DatePrecision = keyof typeof datePrecisions

export const districtLevels = {
  district: { zh: '区', en: 'District' },
  subdistrict: { zh: '街道', en: 'Subdistrict' },
  town: { zh: '镇', en: 'Town' },
  zone: { zh: '园区', en: 'Zone' },
} as const satisfies Record<string, Label>
export type DistrictLevel = keyof typeof districtLevels

export const stationKinds = {
  hub: { zh: '枢纽站', en: 'Hub' },
  station: { zh: '党群服务站', en: 'Station' },
  'micro-station': { zh: '微阵地', en: 'Micro-station' },
  'partner-venue': { zh: '合作场所', en: 'Partner venue' },
  workstation: { zh: '工作站', en: 'Workstation' },
  'exhibition-base': { zh: '展示基地', en: 'Exhibition base' },
} as const satisfies Record<string, Label>
export type StationKind = keyof typeof stationKinds

/** The sources' hedging words: 约/左右, 近, 超过/余/多. */
export const figureQualifiers = {
  about: { zh: '约', en: 'About' },
  nearly: { zh: '近', en: 'Nearly' },
  over: { zh: '超过', en: 'Over' },
} as const satisfies Record<string, Label>
export type FigureQualifier = keyof typeof figureQualifiers

export const userRoles = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  'district-editor': { zh: '区域编辑', en: 'District editor' },
  writer: { zh: '撰稿人', en: 'Writer' },
  // An account for the site builder's API key (CMS_API_KEY): reads published content, changes nothing.
  'site-reader': { zh: '站点构建（只读）', en: 'Site builder (read-only)' },
} as const satisfies Record<string, Label>
export type UserRole = keyof typeof userRoles

/** Select options in Payload's shape, from one of the vocabularies above. */
export function selectOptions(vocabulary: Record<string, Label>) {
  return Object.entries(vocabulary).map(([value, label]) => ({ value, label }))
}
