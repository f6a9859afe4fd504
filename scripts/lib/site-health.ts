/**
 * The health check run after every district build (scripts/lib/site-build.ts), on the live
 * folder right after the swap, so it never delays publish → live:
 *
 *  - broken internal links and images: every page of the site, URLs resolved against the whole
 *    output root (a 区 site links into its 街道' sites);
 *  - `<img>` without alt text (an empty alt only when marked decorative);
 *  - pages over the weight budget (gzipped HTML + CSS + JS, measured as bench/page-weight.ts does);
 *  - per section, the date of its newest item (home, news, activities), from the database.
 *
 * The result is kept in the `site-health` collection, one record per district, which the admin's
 * 站点健康 dashboard shows (cms/health/). The CMS's nightly rebuild of every site
 * (cms/publishing/nightly.ts) means every district is checked at least daily.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Payload, Where } from 'payload'

import { htmlFiles } from '../../shared/files'
import {
  healthNow,
  healthSections,
  maxFindings,
  pageBudgetKb,
  searchPageBudgetKb,
  staleDays,
  vetoAlarm,
  type BrokenLinkFinding,
  type MissingAltFinding,
  type OverweightFinding,
  type SectionFreshness,
  type SiteHealthReport,
} from '../../shared/siteHealth'
import { checkLinks, extractTags, pagePathFor } from './link-check'
import { measurePage } from './page-weight'
import { withDescendants } from '../../shared/districtTree'

type Id = number | string

export type SiteFileFindings = Pick<SiteHealthReport, 'pagesChecked' | 'linksChecked'> & {
  brokenLinks: BrokenLinkFinding[]
  missingAlt: MissingAltFinding[]
  overweight: OverweightFinding[]
}

const decorative = (attributes: Map<string, string>) =>
  ['presentation', 'none'].includes((attributes.get('role') ?? '').trim().toLowerCase()) || attributes.get('aria-hidden')?.trim() === 'true'

/** Images without a text alternative on one page's HTML. */
export function findMissingAlt(html: string, page: string): MissingAltFinding[] {
  const found: MissingAltFinding[] = []
  for (const { name, attributes } of extractTags(html)) {
    if (name !== 'img') continue
    const alt = attributes.get('alt')
    const src = attributes.get('src') ?? ''
    if (alt === undefined) found.push({ page, src, problem: 'missing' })
    else if (alt.trim() === '' && !decorative(attributes)) found.push({ page, src, problem: 'empty' })
  }
  return found
}

/**
 * The file checks of the site `slug` in `root` (the output root, `dist/`). Links into a sibling
 * site that is listed in `allSlugs` but not built yet (a full build builds the 区 before its
 * 街道) are not counted: that site's own build is moments away.
 */
export function checkSiteFiles(root: string, slug: string, allSlugs: string[] = []): SiteFileFindings {
  const siteDir = path.join(root, slug)
  const pendingSite = (pathname: string) => {
    const first = pathname.split('/')[1] ?? ''
    return first !== slug && allSlugs.includes(first) && !fs.existsSync(path.join(root, first))
  }
  const links = checkLinks(root, { pagesUnder: siteDir, skip: pendingSite })
  const missingAlt: MissingAltFinding[] = []
  const overweight: OverweightFinding[] = []
  const pageBudget = pageBudgetKb() * 1024
  const searchBudget = searchPageBudgetKb() * 1024
  for (const file of htmlFiles(siteDir)) {
    const page = pagePathFor(root, file)
    missingAlt.push(...findMissingAlt(fs.readFileSync(file, 'utf8'), page))
    const budgetBytes = page === `/${slug}/search/` ? searchBudget : pageBudget
    const { total } = measurePage(siteDir, page, file)
    if (total > budgetBytes) overweight.push({ page, bytes: total, budgetBytes })
  }
  return { pagesChecked: links.pagesChecked, linksChecked: links.linksChecked, brokenLinks: links.broken, missingAlt, overweight }
}

type Dated = { title?: string; publishedOn?: { date?: string }; date?: { date?: string }; startsOn?: { date?: string } }

/** The district `slug` and every district below it: what its site shows. */
async function scopeOf(payload: Payload, slug: string): Promise<{ self?: Id; ids: Id[] }> {
  const { docs } = await payload.find({
    collection: 'districts',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: { slug: true, parent: true },
  })
  const self = docs.find((d) => d.slug === slug)
  if (!self) return { ids: [] }
  return { self: self.id, ids: withDescendants<Id>([self.id], docs) }
}

/** Newest published item of a collection in a scope, by the date its pages show. */
async function newest(payload: Payload, collection: 'news' | 'activities' | 'campaigns', dateField: string, where: Where) {
  const { docs } = await payload.find({
    collection,
    where: { and: [where, { _status: { equals: 'published' } }] },
    sort: `-${dateField}.date`,
    limit: 1,
    depth: 0,
    draft: false,
    overrideAccess: true,
    select: { title: true, [dateField]: true },
  })
  const doc = docs[0] as Dated | undefined
  const date = (doc as Record<string, { date?: string } | undefined> | undefined)?.[dateField]?.date
  return date ? { lastUpdate: new Date(date).toISOString(), latestTitle: doc?.title ?? null } : { lastUpdate: null, latestTitle: null }
}

/**
 * When each watched section last got a new item: news (publish date), activities (activity date)
 * and the home page, which shows both and the running campaigns (start date), so its date is the
 * newest of the three. Items of the 街道 below a 区 count for the 区: its site lists them.
 */
export async function sectionFreshness(payload: Payload, slug: string, now: Date): Promise<SectionFreshness[]> {
  const { self, ids } = await scopeOf(payload, slug)
  if (self === undefined) return []
  const inScope = { district: { in: ids } }
  const news = await newest(payload, 'news', 'publishedOn', inScope)
  const activities = await newest(payload, 'activities', 'date', inScope)
  const campaigns = await newest(payload, 'campaigns', 'startsOn', {
    and: [{ or: [inScope, { targetDistricts: { contains: self } }] }, { 'startsOn.date': { less_than_equal: now.toISOString() } }],
  })
  const home = [news, activities, campaigns].filter((s) => s.lastUpdate).sort((a, b) => b.lastUpdate!.localeCompare(a.lastUpdate!))[0] ?? {
    lastUpdate: null,
    latestTitle: null,
  }
  return [
    { key: 'home', ...home },
    { key: 'news', ...news },
    { key: 'activities', ...activities },
  ]
}

/** Checks the built site of `slug` in `root`; freshness only when a Payload is at hand (not for CMS_URL builds). */
export async function checkSiteHealth(options: {
  root: string
  slug: string
  allSlugs?: string[]
  payload?: Payload
  now?: Date
}): Promise<SiteHealthReport> {
  const t0 = performance.now()
  const now = options.now ?? healthNow()
  const files = checkSiteFiles(options.root, options.slug, options.allSlugs)
  const sections = options.payload ? await sectionFreshness(options.payload, options.slug, now) : []
  return {
    district: options.slug,
    checkedAt: now.toISOString(),
    sections,
    pagesChecked: files.pagesChecked,
    linksChecked: files.linksChecked,
    totals: { brokenLinks: files.brokenLinks.length, missingAlt: files.missingAlt.length, overweight: files.overweight.length },
    brokenLinks: files.brokenLinks.slice(0, maxFindings),
    missingAlt: files.missingAlt.slice(0, maxFindings),
    overweight: files.overweight.slice(0, maxFindings),
    budgets: { pageKb: pageBudgetKb(), searchPageKb: searchPageBudgetKb() },
    checkMs: Math.round(performance.now() - t0),
  }
}

/** Keeps the report as the district's one `site-health` record (created on its first check). */
export async function recordSiteHealth(payload: Payload, report: SiteHealthReport): Promise<void> {
  const district = (
    await payload.find({ collection: 'districts', where: { slug: { equals: report.district } }, limit: 1, depth: 0, overrideAccess: true })
  ).docs[0]
  if (!district) return
  const stale = vetoAlarm(report.sections, new Date(report.checkedAt))
  const data = {
    title: `${district.name}（${report.district}）`,
    district: district.id,
    checkedAt: report.checkedAt,
    alarm: stale.length > 0,
    staleSections: stale.map((key) => healthSections[key].zh).join('、'),
    brokenLinks: report.totals.brokenLinks,
    missingAlt: report.totals.missingAlt,
    overweightPages: report.totals.overweight,
    report,
  }
  const collection = 'site-health'
  const existing = (
    await payload.find({ collection, where: { district: { equals: district.id } }, limit: 1, depth: 0, overrideAccess: true })
  ).docs[0] as { id: Id } | undefined
  if (existing) await payload.update({ collection, id: existing.id, data, overrideAccess: true, depth: 0 })
  else await payload.create({ collection, data, overrideAccess: true, depth: 0 })
}

/** One line for the build log. */
export function summarizeHealth(report: SiteHealthReport): string {
  const stale = vetoAlarm(report.sections, new Date(report.checkedAt))
  const parts = [
    `${report.totals.brokenLinks} broken link(s)`,
    `${report.totals.missingAlt} image(s) without alt`,
    `${report.totals.overweight} page(s) over budget`,
    stale.length ? `超过${staleDays()}天未更新: ${stale.map((key) => healthSections[key].zh).join('、')}` : 'sections fresh',
  ]
  return `  ${report.district}: health — ${parts.join(', ')} (${report.pagesChecked} pages checked in ${report.checkMs} ms)`
}

/**
 * Runs after a build: checks, logs one line and records. Never throws — a health check that
 * fails must not fail the build whose pages are already live; it says so in the log instead.
 */
export async function afterBuildHealthCheck(
  root: string,
  slug: string,
  allSlugs: string[],
  payload: Payload | undefined,
): Promise<SiteHealthReport | undefined> {
  try {
    const report = await checkSiteHealth({ root, slug, allSlugs, payload })
    console.log(summarizeHealth(report))
    if (payload) await recordSiteHealth(payload, report)
    return report
  } catch (error) {
    console.error(`  ${slug}: the health check failed (the site itself was built): ${(error as Error)?.message ?? error}`)
    return undefined
  }
}
