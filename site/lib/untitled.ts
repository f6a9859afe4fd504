/**
 * What the sites call a document whose title or name is empty. The CMS requires one, but data that
 * skipped the save checks (an import, an old backup) can lack it; pages must never render an empty
 * link, heading or og:title for it (axe link-name, the Nu checker's meta content).
 */
const placeholders: Record<string, { field: 'title' | 'name'; text: string }> = {
  news: { field: 'title', text: '未命名新闻' },
  activities: { field: 'title', text: '未命名活动' },
  campaigns: { field: 'title', text: '未命名专题' },
  stations: { field: 'name', text: '未命名阵地' },
  brands: { field: 'name', text: '未命名品牌' },
  districts: { field: 'name', text: '未命名区域' },
}

/** Fills an empty title or name of `collection`'s entry data in place with its Chinese placeholder. */
export function fillUntitled(collection: string, data: Record<string, unknown>): void {
  const placeholder = placeholders[collection]
  if (!placeholder) return
  const value = data[placeholder.field]
  if (typeof value !== 'string' || !value.trim()) data[placeholder.field] = placeholder.text
}
