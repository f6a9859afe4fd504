/**
 * The data of the 站点健康 dashboard (SiteHealthView.tsx): per district with a
 * site, the last health check (`site-health`, written after every build by
 * scripts/lib/site-health.ts) and the last builds (`site-builds`). Freshness is
 * judged against the time of viewing, not of the check, so a section goes red
 * after 14 days even if no build happened since (the nightly rebuild checks
 * every site daily anyway).
 */
import type { Payload, TypedUser } from 'payload'

import { ageInDays, healthSections, isStale, staleDays, type HealthSectionKey, type SiteHealthReport } from '../../shared/siteHealth'
import { siteBuildStatuses, type SiteBuildStatus } from '../collections/SiteBuilds'

export type DashboardSection = {
  key: HealthSectionKey
  label: string
  lastUpdate: string | null
  latestTitle: string | null
  ageDays: number | null
  stale: boolean
  /** A stale single-veto section (home, news): the red alarm. */
  alarm: boolean
}

export type DashboardBuild = {
  id: number | string
  status: SiteBuildStatus
  statusLabel: string
  trigger: string | null
  startedAt: string | null
  durationMs: number | null
  pages: number | null
}

export type DistrictHealth = {
  districtId: number | string
  name: string
  slug: string
  /** Where the site's pages are served (the district's 站点网址, else SITE_ORIGIN): findings link there. */
  siteOrigin: string
  checkedAt: string | null
  sections: DashboardSection[]
  alarm: boolean
  report: SiteHealthReport | null
  builds: DashboardBuild[]
}

export type SiteHealthDashboardData = { now: string; staleDays: number; districts: DistrictHealth[] }

type Id = number | string
type HealthRecord = { district: Id | { id: Id }; checkedAt?: string | null; report?: SiteHealthReport | null }

const idOf = (value: Id | { id: Id }) => (typeof value === 'object' ? value.id : value)

/** Judges a check's sections at `now`. */
export function judgeSections(report: SiteHealthReport | null, now: Date, days = staleDays()): DashboardSection[] {
  return (report?.sections ?? []).map((section) => {
    const stale = isStale(section, now, days)
    return {
      key: section.key,
      label: healthSections[section.key].zh,
      lastUpdate: section.lastUpdate,
      latestTitle: section.latestTitle,
      ageDays: ageInDays(section.lastUpdate, now),
      stale,
      alarm: stale && healthSections[section.key].veto,
    }
  })
}

/**
 * Reads as `user` (access control applies: staff only), districts with an alarm first, then those
 * with broken links or other findings, then by name. `buildsPerDistrict` recent builds each.
 */
export async function loadSiteHealthDashboard(
  payload: Payload,
  { user, now = new Date(), buildsPerDistrict = 5 }: { user: TypedUser | null | undefined; now?: Date; buildsPerDistrict?: number },
): Promise<SiteHealthDashboardData> {
  const asUser = { user: user ?? undefined, overrideAccess: false, depth: 0 } as const
  const health = (await payload.find({ collection: 'site-health', pagination: false, ...asUser })).docs as unknown as HealthRecord[]
  const { docs: districts } = await payload.find({
    collection: 'districts',
    pagination: false,
    ...asUser,
    select: { name: true, slug: true, site: true },
  })
  const byDistrict = new Map(health.map((h) => [String(idOf(h.district)), h]))

  const rows: DistrictHealth[] = []
  for (const district of districts) {
    // A district without a slug has no address, so no site to report on (the CMS fills slugs on save).
    if (!district.slug) continue
    const record = byDistrict.get(String(district.id))
    const builds = (
      await payload.find({
        collection: 'site-builds',
        where: { district: { equals: district.id } },
        sort: '-createdAt',
        limit: buildsPerDistrict,
        ...asUser,
      })
    ).docs
    if (!record && !builds.length) continue // no site, never built
    const report = record?.report ?? null
    const sections = judgeSections(report, now)
    rows.push({
      districtId: district.id,
      name: district.name,
      slug: district.slug,
      siteOrigin: (district.site?.baseUrl || process.env.SITE_ORIGIN || 'http://localhost:4321').replace(/\/+$/, ''),
      checkedAt: record?.checkedAt ?? null,
      sections,
      alarm: sections.some((s) => s.alarm),
      report,
      builds: builds.map((b) => ({
        id: b.id,
        status: b.status,
        statusLabel: siteBuildStatuses[b.status]?.zh ?? b.status,
        trigger: b.trigger ?? null,
        startedAt: b.startedAt ?? b.createdAt,
        durationMs: b.durationMs ?? null,
        pages: b.pages ?? null,
      })),
    })
  }
  const findings = (row: DistrictHealth) =>
    row.report ? row.report.totals.brokenLinks + row.report.totals.missingAlt + row.report.totals.overweight : 0
  rows.sort(
    (a, b) => Number(b.alarm) - Number(a.alarm) || Number(findings(b) > 0) - Number(findings(a) > 0) || a.name.localeCompare(b.name, 'zh'),
  )
  return { now: now.toISOString(), staleDays: staleDays(), districts: rows }
}
