/**
 * Concurrent editors against the real CMS server (`next start`, SQLite), and a check that no
 * update was lost.
 *
 *   npm run bench:editors [-- --quick] [-- --seconds <s>]
 *
 * 55 district editors are created (as the seed would) and log in through REST. 50 of them each
 * read and save their own document in a loop — news, activities, stations and brands in turn —
 * and 5 read and save one shared news item, every save sending the `updatedAt` it read as
 * If-Match (cms/api/editConflict.ts). For 60 s (15 s with `--quick`) it counts saves/s, read
 * and save latency p50/p95/p99, and errors by kind: every answer must be 200, except 409 on the
 * shared item. Afterwards it checks that nothing was lost: each editor's last successful save is
 * what is stored; the shared item's successful saves form one unbroken chain (each one's
 * If-Match is the `updatedAt` the previous one produced, so no two saves started from the same
 * state), and its version history holds exactly those saves, in order (the newest 50: Payload
 * keeps `maxPerDoc` versions).
 *
 * On its own it then times a writer (new item → submitted) and an editor (pending → published →
 * live) through the admin in Chromium (bench/editor-journeys.ts). It uses a fresh SQLite file under bench/.data/editors-<mode>/ and adds `editors`
 * to bench/results.json (results.quick.json with `--quick`); `npm run bench` runs it as a step on
 * the benchmark dataset. Only loopback traffic; the loops end by themselves.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Payload } from 'payload'

import { repoRoot } from '../shared/paths'
import { editorCount, password, prepareEditors, sharedCount, type EditorsSetup } from './editors-setup'
import { openBenchPayload } from './bench-payload'

export { prepareEditors, type EditorsSetup } from './editors-setup'

type Success = { client: number; title: string; ifMatch: string; updatedAt: string }
type ClientLog = { lastWritten?: string; successes: Success[] }

export type EditorsResult = {
  seconds: number
  editors: number
  sharedEditors: number
  saves: number
  savesPerSecond: number
  ownSaves: number
  sharedSaves: number
  conflicts: number
  save: { p50: number; p95: number; p99: number }
  read: { p50: number; p95: number; p99: number }
  errors: Record<string, number>
  verification: {
    ownDocumentsChecked: number
    ownMismatches: number
    chainBreaks: number
    versionsChecked: number
    versionMismatches: number
    lostUpdates: number
  }
}

/** Nearest-rank percentile in ms, rounded to 0.1 ms. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) }
}

/** Runs the editors against a running server for `seconds`, then checks the database for lost updates. */
export async function measureEditors(
  payload: Payload,
  setup: EditorsSetup,
  { url, seconds, log = console.log }: { url: string; seconds: number; log?: (line: string) => void },
): Promise<EditorsResult> {
  const { hostname } = new URL(url)
  if (!['localhost', '::1', '[::1]'].includes(hostname) && !/^127\.\d+\.\d+\.\d+$/.test(hostname)) {
    throw new Error(`bench/editors.ts only loads a server on a loopback address, not ${url}`)
  }
  const errors: Record<string, number> = {}
  const fail = (kind: string) => (errors[kind] = (errors[kind] ?? 0) + 1)
  const saveMs: number[] = []
  const readMs: number[] = []
  let conflicts = 0

  const login = async (email: string) => {
    const res = await fetch(`${url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    if (!res.ok) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`)
    return `JWT ${((await res.json()) as { token: string }).token}`
  }
  const all = [
    ...setup.editors.map((e) => ({ email: e.email, target: e.target, shared: false })),
    ...setup.sharers.map((email) => ({ email, target: setup.shared, shared: true })),
  ]
  const tokens = await Promise.all(all.map((c) => login(c.email)))
  log(`${all.length} editors logged in; ${editorCount} on their own documents, ${sharedCount} on one news item, for ${seconds} s …`)

  const logs: ClientLog[] = all.map(() => ({ successes: [] }))
  // Warm-up, not measured: the first requests of a fresh server compile its routes.
  await Promise.all(
    all.map((c, i) => fetch(`${url}${c.target.path}`, { headers: { Authorization: tokens[i]! } }).then((r) => r.arrayBuffer())),
  )
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()

  async function editor(index: number) {
    const { target, shared } = all[index]!
    const headers = { Authorization: tokens[index]!, 'Content-Type': 'application/json' }
    let seq = 0
    while (performance.now() < deadline) {
      try {
        let t0 = performance.now()
        const read = await fetch(`${url}${target.path}`, { headers })
        const body = (await read.json()) as { updatedAt?: string }
        readMs.push(performance.now() - t0)
        if (read.status !== 200 || !body.updatedAt) {
          fail(`read HTTP ${read.status}`)
          continue
        }
        const title = `${shared ? '共享' : '编辑'}${index} 第${++seq}次保存`
        t0 = performance.now()
        const save = await fetch(`${url}${target.path}`, {
          method: 'PATCH',
          headers: { ...headers, 'If-Match': body.updatedAt },
          body: JSON.stringify({ [target.kind.text]: title }),
        })
        const saved = (await save.json()) as { doc?: { updatedAt: string } }
        saveMs.push(performance.now() - t0)
        if (save.status === 200) {
          logs[index]!.lastWritten = title
          logs[index]!.successes.push({ client: index, title, ifMatch: body.updatedAt, updatedAt: saved.doc!.updatedAt })
        } else if (save.status === 409 && shared) conflicts++
        else fail(save.status === 409 ? '409 on an own document' : `save HTTP ${save.status}`)
      } catch (error) {
        fail(`network ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`)
      }
    }
  }
  await Promise.all(all.map((_, i) => editor(i)))
  const elapsed = (performance.now() - started) / 1000

  // ── no lost update ──
  let ownMismatches = 0
  let ownDocumentsChecked = 0
  for (const [i, client] of all.entries()) {
    if (client.shared || !logs[i]!.lastWritten) continue
    const { kind, id } = client.target
    const stored = (await payload.findByID({
      collection: kind.collection,
      id,
      draft: kind.versioned,
      depth: 0,
      overrideAccess: true,
    })) as unknown as Record<string, unknown>
    ownDocumentsChecked++
    if (stored[kind.text] !== logs[i]!.lastWritten) {
      ownMismatches++
      log(`  LOST: ${kind.collection} ${id} holds “${String(stored[kind.text])}”, its editor last saved “${logs[i]!.lastWritten}”`)
    }
  }
  const successes = logs.flatMap((l, i) => (all[i]!.shared ? l.successes : [])).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
  let chainBreaks = 0
  let previous = setup.sharedStartedAt
  for (const s of successes) {
    if (new Date(s.ifMatch).getTime() !== new Date(previous).getTime()) chainBreaks++
    previous = s.updatedAt
  }
  // The versions made during the run, by the `updatedAt` their editors saw (the row's own timestamp may differ by a few ms).
  const { docs: allVersions } = await payload.findVersions({
    collection: 'news',
    where: { parent: { equals: setup.shared.id } },
    sort: 'updatedAt',
    limit: 1000,
    depth: 0,
    overrideAccess: true,
  })
  const versions = allVersions
    .map((v) => v.version as { title: string; updatedAt: string })
    .filter((v) => new Date(v.updatedAt).getTime() > new Date(setup.sharedStartedAt).getTime())
  const kept = successes.slice(-versions.length)
  // Payload keeps the newest 50 versions (maxPerDoc): those must be the newest successful saves, in order.
  const versionMismatches =
    Math.abs(Math.min(successes.length, 50) - versions.length) +
    versions.filter((v, k) => v.title !== kept[k]?.title || new Date(v.updatedAt).getTime() !== new Date(kept[k]!.updatedAt).getTime())
      .length
  const sharedStored = await payload.findByID({ collection: 'news', id: setup.shared.id, draft: true, depth: 0, overrideAccess: true })
  const sharedLost = successes.length > 0 && sharedStored.title !== successes.at(-1)!.title ? 1 : 0

  const ownSaves = logs.reduce((n, l, i) => n + (all[i]!.shared ? 0 : l.successes.length), 0)
  return {
    seconds: elapsed,
    editors: editorCount,
    sharedEditors: sharedCount,
    saves: ownSaves + successes.length,
    savesPerSecond: (ownSaves + successes.length) / elapsed,
    ownSaves,
    sharedSaves: successes.length,
    conflicts,
    save: summary(saveMs),
    read: summary(readMs),
    errors,
    verification: {
      ownDocumentsChecked,
      ownMismatches,
      chainBreaks,
      versionsChecked: versions.length,
      versionMismatches,
      lostUpdates: ownMismatches + chainBreaks + versionMismatches + sharedLost,
    },
  }
}

export function printEditorsTable(r: EditorsResult, log: (line: string) => void = console.log) {
  const errorText =
    Object.entries(r.errors)
      .map(([kind, n]) => `${kind}: ${n}`)
      .join(', ') || 'none'
  const v = r.verification
  log('| measure | figure |')
  log('| --- | --- |')
  log(`| editors | ${r.editors} on their own documents + ${r.sharedEditors} on one news item, ${r.seconds.toFixed(1)} s |`)
  log(`| successful saves | ${r.saves} = **${r.savesPerSecond.toFixed(1)} saves/s** (own ${r.ownSaves}, shared ${r.sharedSaves}) |`)
  log(`| save (PATCH with If-Match) latency p50/p95/p99 | ${r.save.p50}/${r.save.p95}/${r.save.p99} ms |`)
  log(`| read (GET, signed in) latency p50/p95/p99 | ${r.read.p50}/${r.read.p95}/${r.read.p99} ms |`)
  log(`| 409 conflicts on the shared item (expected) | ${r.conflicts} |`)
  log(`| errors | ${errorText} |`)
  log(
    `| lost updates | ${v.lostUpdates} (own documents checked ${v.ownDocumentsChecked}, chain breaks ${v.chainBreaks}, versions checked ${v.versionsChecked}, version mismatches ${v.versionMismatches}) |`,
  )
}

/** Prepares, starts `next start` on the same database, measures, stops it. */
export async function runEditorsBench(
  payload: Payload,
  { seconds, log = console.log }: { seconds: number; log?: (line: string) => void },
): Promise<EditorsResult> {
  const setup = await prepareEditors(payload)
  const { ensureCmsBuilt, startCms } = await import('./cms-server')
  await ensureCmsBuilt(log)
  const cms = await startCms()
  try {
    return await measureEditors(payload, setup, { url: cms.url, seconds, log })
  } finally {
    await cms.stop()
  }
}

// ── on its own: `npm run bench:editors [-- --quick] [-- --seconds N]` ──
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const secondsArg = args.indexOf('--seconds')
  const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 15 : 60
  const dataDir = path.join(repoRoot, 'bench', '.data', `editors-${quick ? 'quick' : 'full'}`)
  const payload = await openBenchPayload(dataDir, { fresh: true })
  const result = await runEditorsBench(payload, { seconds })
  printEditorsTable(result)
  // One writer and one editor through the admin in Chromium, timed (bench/editor-journeys.ts).
  const { measureEditorJourneys, printJourneys } = await import('./editor-journeys')
  const journeys = await measureEditorJourneys(payload, { runs: quick ? 1 : 3 })
  printJourneys(journeys)
  await payload.destroy()
  const resultsFile = path.join(repoRoot, 'bench', quick ? 'results.quick.json' : 'results.json')
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {}
  results.editors = { ...result, journeys, measuredAt: new Date().toISOString() }
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`Wrote editors to ${path.relative(repoRoot, resultsFile)}`)
  const clean = result.verification.lostUpdates === 0 && Object.keys(result.errors).length === 0
  process.exit(clean ? 0 : 1)
}
