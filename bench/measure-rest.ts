/**
 * REST latency of the CMS: requests/s and p50/p95/p99 latency of
 *   - a news list page, 20 items at depth 1   (/api/news?limit=20&depth=1), anonymous and, with
 *     `authorization`, signed in (the admin's list view: never served from the read cache)
 *   - one news item by slug                   (/api/news?where[slug][equals]=<slug>&limit=1)
 * at 1, 10 and 50 connections, with autocannon, against an already running admin
 * server on a loopback address (start it on the generated database, e.g.
 *   DATABASE_URI=file:bench/.data/quick/cms.db MEDIA_DIR=bench/.data/quick/media \
 *   PAYLOAD_SECRET=bench npx next start cms -p 3900 ).
 *
 *   npx tsx bench/measure-rest.ts [--url http://127.0.0.1:3900] [--quick] [--duration <s>] [--email <admin> --password <pw>]
 *
 * The by-slug requests rotate over up to 50 published slugs read from the API first.
 * A run that fails is a row with its error, never an exception: the benchmark reports.
 */
import autocannon from 'autocannon'

import { signIn } from './soak-saves'

export type RestRow = {
  endpoint: string
  /** 'anonymous' or 'admin' (signed in) */
  as: string
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  /** responses that were not 2xx, plus connection errors, timeouts and requests never answered */
  errors: number
  /** mean response body size in bytes */
  bytesPerResponse: number
  /** why the run failed, when it did */
  failure?: string
}

export type RestOptions = { url?: string; duration?: number; connections?: number[]; authorization?: string; log?: (line: string) => void }

const loopback = (hostname: string) => ['localhost', '::1', '[::1]'].includes(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname)

/** Nearest-rank percentile in ms, rounded to 0.1 ms. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}

async function run(
  base: string,
  endpoint: string,
  as: string,
  headers: Record<string, string>,
  paths: string[],
  connections: number,
  duration: number,
): Promise<RestRow> {
  const latencies: number[] = []
  let bytes = 0
  let errors = 0
  let turn = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        headers,
        connections,
        duration,
        timeout: 30,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length]! }) }],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    )
    instance.on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
      latencies.push(ms)
      bytes += resBytes
      if (status < 200 || status >= 300) errors++
    })
  })
  latencies.sort((a, b) => a - b)
  const seconds = result.duration
  return {
    endpoint,
    as,
    connections,
    seconds,
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    // A connection the server closes is silently reopened by autocannon: its request got no answer.
    errors: errors + result.errors + result.timeouts + Math.max(0, result.requests.sent - latencies.length - connections),
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
  }
}

/**
 * One request, retried (up to 3 times, 1 s apart) when the connection fails; undefined when it
 * never answers. Between runs it waits for the server to work off what the last run left queued.
 */
async function settle(url: string, headers: Record<string, string> = {}): Promise<string | undefined> {
  let failure = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await (await fetch(url, { headers })).arrayBuffer()
      return undefined
    } catch (error) {
      failure = `${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  return failure
}

export async function measureRest({
  url = 'http://127.0.0.1:3900',
  duration = 10,
  connections = [1, 10, 50],
  authorization,
  log = console.log,
}: RestOptions = {}): Promise<RestRow[]> {
  const base = new URL(url)
  if (!loopback(base.hostname)) throw new Error(`measure-rest only runs against loopback addresses, not ${base.hostname}`)
  const origin = base.origin

  // Slugs to ask for, and a warm-up of both routes (the first request compiles and opens the DB).
  const listPath = '/api/news?limit=20&depth=1'
  const list = await fetch(`${origin}/api/news?limit=50&depth=0&sort=-publishedOn.date`)
  if (!list.ok) throw new Error(`GET ${origin}/api/news answered ${list.status}; is the admin server running on the generated database?`)
  const slugs = ((await list.json()) as { docs: { slug: string }[] }).docs.map((d) => d.slug)
  if (!slugs.length) throw new Error('no published news at the server')
  const slugPaths = slugs.map((slug) => `/api/news?where[slug][equals]=${encodeURIComponent(slug)}&limit=1`)
  for (const path of [listPath, ...slugPaths.slice(0, 5)]) await (await fetch(origin + path)).arrayBuffer()

  const rows: RestRow[] = []
  const signedIn = authorization ? { Authorization: authorization } : undefined
  const runs: [string, string, Record<string, string>, string[]][] = [
    ['news list (20, depth 1)', 'anonymous', {}, [listPath]],
    ...(signedIn ? [['news list (20, depth 1)', 'admin', signedIn, [listPath]] as [string, string, Record<string, string>, string[]]] : []),
    ['news by slug', 'anonymous', {}, slugPaths],
  ]
  if (signedIn) await settle(origin + listPath, signedIn)
  for (const c of connections) {
    for (const [endpoint, as, headers, paths] of runs) {
      let row: RestRow
      try {
        row = await run(origin, endpoint, as, headers, paths, c, duration)
      } catch (error) {
        row = {
          endpoint,
          as,
          connections: c,
          seconds: 0,
          requests: 0,
          requestsPerSecond: 0,
          p50: NaN,
          p95: NaN,
          p99: NaN,
          errors: 1,
          bytesPerResponse: 0,
          failure: (error as Error).message,
        }
      }
      // autocannon stops sending at the deadline but the server still works off queued requests:
      // one sequential request waits until they are done, so the next run starts on an idle server.
      const unsettled = await settle(origin + paths[0], headers)
      if (unsettled) row.failure = `${row.failure ? `${row.failure}; ` : ''}the server did not answer after the run (${unsettled})`
      log(
        `  ${`${endpoint}, ${as}`.padEnd(34)} ${String(c).padStart(3)} conn  ${row.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${row.p50} ms  p95 ${row.p95} ms  p99 ${row.p99} ms${row.errors ? `  ${row.errors} errors` : ''}${row.failure ? `  FAILED: ${row.failure}` : ''}`,
      )
      rows.push(row)
    }
  }
  return rows
}

export function printRestTable(rows: RestRow[], log = console.log) {
  log('| endpoint | as | connections | req/s | p50 ms | p95 ms | p99 ms | errors | KB/response |')
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    log(
      `| ${r.endpoint} | ${r.as} | ${r.connections} | ${r.requestsPerSecond.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors}${r.failure ? ` (${r.failure})` : ''} | ${(r.bytesPerResponse / 1024).toFixed(1)} |`,
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const duration = Number(value('--duration') ?? (args.includes('--quick') ? 3 : 10))
  const authorization = value('--email')
    ? await signIn(value('--url') ?? 'http://127.0.0.1:3900', value('--email')!, value('--password') ?? '')
    : undefined
  const rows = await measureRest({ url: value('--url'), duration, authorization })
  printRestTable(rows)
  console.log(JSON.stringify(rows, null, 2))
}
