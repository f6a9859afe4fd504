/**
 * The benchmark's closing table and targets (bench/run.ts): every figure is optional, since a step
 * that failed reports its failure and leaves its figures out.
 */
import type { EditorsResult } from './editors'
import type { HugoResult } from './hugo'
import type { LighthouseRow } from './lighthouse'
import type { RestRow } from './measure-rest'
import type { PageWeight } from './page-weight'
import type { PreviewResult } from './preview'
import type { PublishLiveResult } from './publish-live'
import type { SoakResult } from './soak'
import type { TransferResult } from './transfer'

export type BenchResults = {
  fullBuild?: { pagesPerSecond: number; pages: number; seconds: number; peakRssMB: number }
  districtBuild?: { district: string; pages: number; coldSeconds: number; warmSeconds: number }
  publishLive?: PublishLiveResult
  preview?: PreviewResult
  pageWeights?: PageWeight[]
  rest?: (RestRow & { cache: string })[]
  lighthouse?: LighthouseRow[]
  editors?: EditorsResult
  soak?: SoakResult
  hugo?: HugoResult
  transfer?: TransferResult
  failures?: { step: string; error: string }[]
}

export type Target = { target: string; figure: string; met: boolean | 'not measured' }

export function targets(r: BenchResults): Target[] {
  const list: Target[] = []
  const add = (target: string, measured: boolean, figure: () => string, met: () => boolean) =>
    list.push(
      measured
        ? { target, figure: figure(), met: met() }
        : { target, figure: 'not measured (step skipped or failed)', met: 'not measured' },
    )
  const fb = r.fullBuild
  const hugo = r.hugo
  const publish = r.publishLive
  const article = r.pageWeights?.find((w) => w.page === 'article')
  const noIsland = r.pageWeights?.filter((w) => w.islands === 0) ?? []
  const listRow = (c: number, cache: string, as = 'anonymous') =>
    r.rest?.find((x) => x.endpoint.startsWith('news list') && x.connections === c && x.cache === cache && x.as === as)
  add(
    'full build ≥ 300 pages/s incl. search index',
    Boolean(fb),
    () => `${fb!.pagesPerSecond.toFixed(1)} pages/s (${fb!.pages} pages, ${fb!.seconds.toFixed(1)} s)`,
    () => fb!.pagesPerSecond >= 300,
  )
  add(
    'full build within 10× of Hugo',
    Boolean(fb && hugo),
    () => `Hugo ${hugo!.pagesPerSecond.toFixed(0)} pages/s = ${(hugo!.pagesPerSecond / fb!.pagesPerSecond).toFixed(1)}× ours`,
    () => hugo!.pagesPerSecond / fb!.pagesPerSecond <= 10,
  )
  add(
    'publish → live ≤ 5 s',
    Boolean(publish),
    () => `${(publish!.medianPublishToLive / 1000).toFixed(2)} s (median of ${publish!.publishToLive.length})`,
    () => publish!.medianPublishToLive <= 5000,
  )
  add(
    'publish → live ≥ 10× faster than a full district rebuild',
    Boolean(publish),
    () => `${publish!.ratio.toFixed(2)}× (${(publish!.medianFullRebuild / 1000).toFixed(2)} s full)`,
    () => publish!.ratio >= 10,
  )
  const pv = r.preview
  add(
    'keystroke → updated preview ≤ 1 s (warm, median of 20)',
    Boolean(pv),
    () => `${pv!.medianKeystrokeMs.toFixed(0)} ms`,
    () => pv!.medianKeystrokeMs <= 1000,
  )
  add(
    '预览链接 → page ≤ 1 s (warm, median of 20)',
    Boolean(pv),
    () => `${pv!.medianLinkMs.toFixed(0)} ms`,
    () => pv!.medianLinkMs <= 1000,
  )
  add(
    'preview cold ≤ 3 s (first right after start / first of another district)',
    Boolean(pv),
    () =>
      `${(pv!.coldMs / 1000).toFixed(2)} s / ${pv!.firstOfDistrictMs === undefined ? '–' : `${(pv!.firstOfDistrictMs / 1000).toFixed(2)} s`}`,
    () => pv!.coldMs <= 3000,
  )
  add(
    'article ≤ 40 KB transferred without images',
    Boolean(article),
    () => `${(article!.total / 1024).toFixed(1)} KB`,
    () => article!.total <= 40 * 1024,
  )
  add(
    '0 JS bytes on pages without an island',
    noIsland.length > 0,
    () => noIsland.map((w) => `${w.page} ${w.jsRaw} B`).join(', '),
    () => noIsland.every((w) => w.jsRaw === 0),
  )
  const lh = r.lighthouse
  add(
    'Lighthouse 100 in all four categories and CLS 0 (home, article, station, search, 区 home)',
    Boolean(lh?.length),
    () => lh!.map((x) => `${x.page} ${x.performance}/${x.accessibility}/${x.bestPractices}/${x.seo} CLS ${x.cls}`).join('; '),
    () =>
      lh!.length === 5 &&
      lh!.every((x) => x.performance === 100 && x.accessibility === 100 && x.bestPractices === 100 && x.seo === 100 && x.cls === 0),
  )
  const ed = r.editors
  add(
    'concurrent editors: no lost update, no error but 409 conflicts',
    Boolean(ed),
    () =>
      `${ed!.savesPerSecond.toFixed(1)} saves/s, save p95 ${ed!.save.p95} ms, ${ed!.conflicts} conflicts, errors ${Object.values(ed!.errors).reduce((a, b) => a + b, 0)}, lost ${ed!.verification.lostUpdates}`,
    () => ed!.verification.lostUpdates === 0 && Object.keys(ed!.errors).length === 0,
  )
  const at50 = listRow(50, 'on')
  add(
    'REST list p95 ≤ 50 ms at 50 connections',
    Boolean(at50),
    () =>
      `p95 ${at50!.p95} ms, ${at50!.requestsPerSecond.toFixed(0)} req/s (cache off: p95 ${listRow(50, 'off')?.p95} ms, ${listRow(50, 'off')?.requestsPerSecond.toFixed(0)} req/s)`,
    () => at50!.p95 <= 50,
  )
  const admin1 = listRow(1, 'off', 'admin')
  add(
    'signed-in (uncached) REST list ≥ 100 req/s at 1 connection',
    Boolean(admin1 && !admin1.failure),
    () =>
      `${admin1!.requestsPerSecond.toFixed(1)} req/s, p50 ${admin1!.p50} ms (anonymous uncached ${listRow(1, 'off')?.requestsPerSecond.toFixed(1)} req/s)`,
    () => admin1!.requestsPerSecond >= 100,
  )
  const soak = r.soak
  add(
    'soak: RSS growth after the warm-up ≤ 100 MB (server and each build worker)',
    Boolean(soak?.growth.length),
    () => soak!.growth.map((g) => `${g.process} ${g.growthMB >= 0 ? '+' : ''}${g.growthMB} MB`).join(', '),
    () => soak!.growth.every((g) => g.met),
  )
  return list
}

export function printSummary(r: BenchResults, mode: string, log: (line: string) => void) {
  log('| measure | figure |')
  log('| --- | --- |')
  const fb = r.fullBuild
  if (fb)
    log(
      `| full build, all districts + Pagefind | ${fb.pages} pages in ${fb.seconds.toFixed(1)} s = **${fb.pagesPerSecond.toFixed(1)} pages/s**, peak ${fb.peakRssMB} MB |`,
    )
  if (r.hugo && fb)
    log(
      `| Hugo ${/v\d+\.\d+\.\d+/.exec(r.hugo.version)?.[0] ?? r.hugo.version}, same news, minimal template | ${r.hugo.pages} pages in ${r.hugo.seconds.toFixed(2)} s = ${r.hugo.pagesPerSecond.toFixed(0)} pages/s (ours/Hugo = ${(fb.pagesPerSecond / r.hugo.pagesPerSecond).toFixed(3)}) |`,
    )
  const db = r.districtBuild
  if (db)
    log(
      `| one district (${db.district}, ${db.pages} pages) cold / warm | ${db.coldSeconds.toFixed(1)} s / ${db.warmSeconds.toFixed(1)} s |`,
    )
  const p = r.publishLive
  if (p)
    log(
      `| publish → live (median of ${p.publishToLive.length}) / full rebuild of ${p.district} | ${(p.medianPublishToLive / 1000).toFixed(2)} s / ${(p.medianFullRebuild / 1000).toFixed(2)} s = ${p.ratio.toFixed(2)}× |`,
    )
  const pv = r.preview
  if (pv)
    log(
      `| preview of a ${pv.district} news item: cold (right after start; another district first: ${pv.firstOfDistrictMs === undefined ? '–' : `${(pv.firstOfDistrictMs / 1000).toFixed(2)} s`}) / keystroke → updated (median of ${pv.keystrokeMs.length}) / 预览链接 → page (median of ${pv.linkMs.length}) | ${(pv.coldMs / 1000).toFixed(2)} s / ${pv.medianKeystrokeMs.toFixed(0)} ms / ${pv.medianLinkMs.toFixed(0)} ms |`,
    )
  for (const w of r.pageWeights ?? [])
    log(
      `| ${w.page}${w.islands ? ' (has an island)' : ''}: transferred (HTML+CSS+JS gz) / JS raw | ${(w.total / 1024).toFixed(1)} KB / ${w.jsRaw} B |`,
    )
  for (const x of r.rest ?? [])
    log(
      `| REST ${x.endpoint}, ${x.as}, ${x.connections} conn, cache ${x.cache} | ${x.failure ? `FAILED: ${x.failure}; ` : ''}${x.requestsPerSecond.toFixed(0)} req/s, p50/p95/p99 ${x.p50}/${x.p95}/${x.p99} ms, ${(x.bytesPerResponse / 1024).toFixed(1)} KB |`,
    )
  const e = r.editors
  if (e)
    log(
      `| ${e.editors}+${e.sharedEditors} concurrent editors, saves with If-Match | ${e.savesPerSecond.toFixed(1)} saves/s, save p50/p95/p99 ${e.save.p50}/${e.save.p95}/${e.save.p99} ms, ${e.conflicts} conflicts, lost updates ${e.verification.lostUpdates} |`,
    )
  const s = r.soak
  if (s)
    log(
      `| soak: ${s.saves} saves + ${s.rebuilds} rebuilds, RSS growth after ${s.warmupOps} ops | ${s.growth.map((g) => `${g.process} ${g.warmupMB}→${g.finalMB} MB (${g.growthMB >= 0 ? '+' : ''}${g.growthMB})`).join(', ')} |`,
    )
  const t = r.transfer
  if (t)
    log(
      `| npm run export / npm run import into an empty database | ${t.exportedRecords} records + ${t.exportedFiles} files in ${t.exportSeconds.toFixed(1)} s / ${t.importedDocs} docs in ${t.importSeconds.toFixed(1)} s = **${t.importDocsPerSecond.toFixed(1)} docs/s** |`,
    )
  for (const x of r.lighthouse ?? [])
    log(`| Lighthouse ${x.page} (perf/a11y/best/SEO, CLS) | ${x.performance}/${x.accessibility}/${x.bestPractices}/${x.seo}, ${x.cls} |`)
  log('')
  log('| target | figure | met |')
  log('| --- | --- | --- |')
  for (const t of targets(r)) log(`| ${t.target} | ${t.figure} | ${t.met === true ? 'met' : t.met === false ? 'NOT met' : t.met} |`)
  if (r.failures?.length) {
    log('')
    log(`Steps that failed (${mode} run; reported, not fatal):`)
    for (const f of r.failures) log(`  - ${f.step}: ${f.error.split('\n')[0]}`)
  }
}
