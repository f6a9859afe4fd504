/**
 * Every field of the visitor-facing collections is either shown on the item's page or listed here
 * with the reason it is not (tests/site-fields.test.ts fills every text field of a record of each
 * kind and finds it on the built page). Fields that are not free text are listed in `shownAs`,
 * saying how a page presents them.
 */
export type VisitorCollection = 'news' | 'activities' | 'stations' | 'brands' | 'campaigns'

/** Never on a public page, whatever the collection. */
export const editorOnlyFields: Record<string, string> = {
  sources: '资料来源：编辑核对用的出处 / provenance for editors (also hidden from anonymous API reads)',
  reviewState: '审核状态：三审流程的内部状态 / review-chain state',
  rejectReason: '退回理由：写给作者的内部意见 / note to the writer',
  confirmWarnings: '已核对：慎用词确认开关 / word-list confirmation switch',
  reviewLog: '审核记录：内部流程留痕 / internal audit trail',
  createdBy: '创建人：内部账号 / staff account',
  scheduleNote: '预约说明：后台界面的提示，不是数据 / admin UI hint, no data',
  _status: '发布状态：只有已发布的版本才会上站 / only published versions reach a site at all',
  formerSlugs: '旧网址别名：以跳转页的形式存在，不作为文字显示 / served as redirect pages (site/pages/[...moved].astro)',
  targetDistricts: '投放区域：决定哪些站点列出该主题，不单独显示 / decides which sites list a campaign',
  id: '行号：数据库内部编号 / row ids',
  note: '日期说明：推断日期的依据，供编辑核对；页面只在日期上提示“日期为编辑推断” / why a date was inferred, for editors; pages only flag the date as inferred',
}

/** Non-text fields and formatted text, and how pages show them (checked by the tests of those features, not by the field walk). */
export const shownAs: Record<string, string> = {
  slug: '页面网址 / the page URL',
  district: '所属街道、页面所在站点 / the site and the “· 街道” line',
  'publishedOn.date': '日期，按精度显示 / date at its precision',
  'date.date': '日期，按精度显示 / date at its precision',
  'openedOn.date': '启用日期 / opening date',
  'launchedOn.date': '创立日期 / launch date',
  'startsOn.date': '主题起止时间 / campaign period',
  'milestones.on.date': '大事记日期 / milestone date',
  precision: '日期精度：决定日期显示到年、月或日 / how far a date is shown',
  endDate: '活动结束日期 / activity end date',
  endsOn: '主题结束时间 / campaign end',
  cover: '封面图片 / cover picture',
  banner: '主题横幅 / banner picture',
  logo: '品牌标识 / brand logo',
  gallery: '图片 / pictures',
  attachments: '附件下载链接 / attachment links',
  relatedBrands: '相关品牌链接 / related links',
  relatedStations: '相关阵地链接 / related links',
  relatedActivities: '相关活动链接 / related links',
  featuredNews: '主题新闻链接 / featured links',
  featuredActivities: '主题活动链接 / featured links',
  station: '活动地点阵地链接 / station link',
  brand: '所属品牌链接 / brand link',
  parentStation: '所属枢纽链接 / parent hub link',
  parentBrand: '上级品牌与系列 / parent brand',
  kind: '阵地类型 / station kind',
  location: '位置示意与坐标 / position island',
  areaSqm: '面积 / floor area',
  areaQualifier: '面积前的约/近/超过 / area qualifier',
  participants: '参与人数 / participants',
  participantsQualifier: '人数前的约/近/超过 / qualifier',
  'figures.value': '数据数值 / figure value',
  'figures.qualifier': '数据前的约/近/超过 / figure qualifier',
  'figures.asOf': '统计时间（截至…） / as-of date',
  'contact.email': '邮箱链接 / e-mail link',
  'contact.website': '网站链接 / website link',
  color: '品牌主题色 / brand colour',
}

/** The page a record of each collection is shown on. */
export const detailPath = (collection: VisitorCollection, slug: string) => `${collection}/${slug}/`
