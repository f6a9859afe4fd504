/**
 * Every field of the visitor-facing collections is either shown on the item's page or listed here
 * with the reason it is not. tests/e2e/site-fields.test.ts fills every other field of a record of
 * each kind with a value of its own and finds it on the built page in its shown form (how each
 * kind of field is shown: tests/helpers/fieldKinds.ts).
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

/** The page a record of each collection is shown on. */
export const detailPath = (collection: VisitorCollection, slug: string) => `${collection}/${slug}/`
