/**
 * Site health (站点健康): what the check after every district build finds
 * (scripts/lib/site-health.ts) and the admin dashboard shows (cms/health/).
 * Types and the freshness rule live here, so both sides judge "stale" alike.
 */
import { envPositive } from './env'

/** Sections whose last update is watched. `veto`: the national inspection's single-veto item (单项否决). */
export const healthSections = {
  home: { zh: '首页', en: 'Home page', veto: true },
  news: { zh: '新闻动态', en: 'News', veto: true },
  activities: { zh: '活动纪实', en: 'Activities', veto: false },
} as const
export type HealthSectionKey = keyof typeof healthSections

export type SectionFreshness = {
  key: HealthSectionKey
  /** Date shown on the newest item of the section (ISO), null when the section is empty. */
  lastUpdate: string | null
  latestTitle: string | null
}

export type BrokenLinkFinding = { page: string; url: string }
export type MissingAltFinding = { page: string; src: string; problem: 'missing' | 'empty' }
export type OverweightFinding = { page: string; bytes: number; budgetBytes: number }

export type SiteHealthReport = {
  district: string
  checkedAt: string
  sections: SectionFreshness[]
  pagesChecked: number
  linksChecked: number
  /** Totals; the lists below keep at most `maxFindings` entries each. */
  totals: { brokenLinks: number; missingAlt: number; overweight: number }
  brokenLinks: BrokenLinkFinding[]
  missingAlt: MissingAltFinding[]
  overweight: OverweightFinding[]
  budgets: { pageKb: number; searchPageKb: number }
  /** How long the check took, after the pages went live. */
  checkMs: number
}

export const maxFindings = 100

/** Days without a new item after which a section counts as stale (SITE_STALE_DAYS, default 14: the inspection's rule). */
export const staleDays = () => envPositive('SITE_STALE_DAYS', 14)
/** Gzipped HTML+CSS+JS a page may weigh (SITE_PAGE_WEIGHT_BUDGET_KB, default 40). */
export const pageBudgetKb = () => envPositive('SITE_PAGE_WEIGHT_BUDGET_KB', 40)
/** The search page carries the search island's bundle (≈ 66 KB): its own budget (SITE_SEARCH_PAGE_WEIGHT_BUDGET_KB, default 100). */
export const searchPageBudgetKb = () => envPositive('SITE_SEARCH_PAGE_WEIGHT_BUDGET_KB', 100)

/** "Now" for freshness: SITE_HEALTH_NOW (an ISO date, for tests and demos) or the clock. */
export function healthNow(): Date {
  const fixed = process.env.SITE_HEALTH_NOW
  if (!fixed) return new Date()
  const date = new Date(fixed)
  if (Number.isNaN(date.getTime())) throw new Error(`SITE_HEALTH_NOW="${fixed}" is not a date (use e.g. 2026-03-01)`)
  return date
}

/** Whole days since `lastUpdate`, or null for an empty section. */
export function ageInDays(lastUpdate: string | null, now: Date): number | null {
  if (!lastUpdate) return null
  return Math.max(0, Math.floor((now.getTime() - new Date(lastUpdate).getTime()) / 86_400_000))
}

/** Stale: no item at all, or the newest is more than `days` days old. Judged when shown, so a record ages with the clock. */
export function isStale(section: SectionFreshness, now: Date, days = staleDays()): boolean {
  const age = ageInDays(section.lastUpdate, now)
  return age === null || age > days
}

/** The alarm of the dashboard: a single-veto section (home, news) that is stale. */
export function vetoAlarm(sections: SectionFreshness[], now: Date, days = staleDays()): HealthSectionKey[] {
  return sections.filter((s) => healthSections[s.key].veto && isStale(s, now, days)).map((s) => s.key)
}
