import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'
import { expect } from 'vitest'

import type { BuildResult, SiteBuildState } from '../../cms/publishing/rebuildQueue'

import { day } from './fixtures'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Whether a process still runs (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\S+\s+\S+\s+Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'))
  } catch {
    return true
  }
}

/** Every live process as pid → { ppid, pgid, cmdline } (Linux /proc). */
export function processTable(): Map<number, { ppid: number; pgid: number; cmdline: string }> {
  const table = new Map<number, { ppid: number; pgid: number; cmdline: string }>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state === 'Z') continue
      table.set(Number(entry), {
        ppid: Number(ppid),
        pgid: Number(pgid),
        cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '),
      })
    } catch {
      // gone meanwhile
    }
  }
  return table
}

/** Build workers (scripts/build-sites.ts --worker) whose parent is `parent` (default: this process). */
export function workerPids(parent = process.pid): number[] {
  return [...processTable()].filter(([, p]) => p.ppid === parent && /build-sites\.ts --worker/.test(p.cmdline)).map(([pid]) => pid)
}

/** Live processes of a process group. */
export const groupPids = (pgid: number): number[] => [...processTable()].filter(([, p]) => p.pgid === pgid).map(([pid]) => pid)

export type SiteFixture = { slug: string; districtId: number | string; newsId: number | string; newsSlug: string }

/** `count` districts `<prefix>-1…`, each with one published news item (so each gets a site). */
export async function districtsWithNews(payload: Payload, prefix: string, count: number): Promise<SiteFixture[]> {
  const sites: SiteFixture[] = []
  for (let i = 1; i <= count; i++) {
    const slug = `${prefix}-${i}`
    const district = await payload.create({ collection: 'districts', data: { name: `看门狗测试区${i}`, slug, level: 'district' } })
    const newsSlug = `${slug}-news`
    const news = await payload.create({
      collection: 'news',
      data: {
        title: `看门狗测试新闻${i}`,
        slug: newsSlug,
        district: district.id,
        publishedOn: day('2026-03-02'),
        summary: '初始内容',
        _status: 'published',
      },
      context: { skipSiteRebuild: true },
    })
    sites.push({ slug, districtId: district.id, newsId: news.id, newsSlug })
  }
  return sites
}

/** The built page of a site's news item, or '' when there is none. */
export function newsPage(outDir: string, site: SiteFixture): string {
  const file = path.join(outDir, site.slug, 'news', site.newsSlug, 'index.html')
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
}

export type BuildRecord = {
  id: number
  status: string
  trigger: string
  startedAt?: string | null
  logTail?: string | null
  district: number
}

/** The `site-builds` records of the given districts, oldest first. */
export async function buildRecords(payload: Payload, districtIds: (number | string)[]): Promise<BuildRecord[]> {
  const { docs } = await payload.find({
    collection: 'site-builds' as never,
    where: { district: { in: districtIds } } as never,
    sort: 'createdAt',
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  return docs as unknown as BuildRecord[]
}

/** A fake builder: records every call, takes `ms`, never overlaps-checks itself (the test does). */
export function fakeBuilder(ms = 200, result: BuildResult = { ok: true, output: 'Done: 3 pages in 0.2 s', pages: 3 }) {
  const calls: { slug: string; start: number; end: number }[] = []
  const build = async (slug: string) => {
    const call = { slug, start: Date.now(), end: 0 }
    calls.push(call)
    await sleep(ms)
    call.end = Date.now()
    return result
  }
  return { calls, build, slugs: () => calls.map((c) => c.slug).sort() }
}

/** Collects every state a queue records. */
export function recorder() {
  const events: SiteBuildState[] = []
  return { events, record: (build: Readonly<SiteBuildState>) => void events.push({ ...build }) }
}

/** Asserts no two builds of one district overlapped. */
export function expectNoOverlap(calls: { slug: string; start: number; end: number }[]) {
  const bySlug = new Map<string, { start: number; end: number }[]>()
  for (const call of calls) bySlug.set(call.slug, [...(bySlug.get(call.slug) ?? []), call])
  for (const list of bySlug.values()) {
    list.sort((a, b) => a.start - b.start)
    for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end)
  }
}

/** A logger that says nothing. */
export const silent = { info: () => {}, error: () => {} }
