/**
 * REST latency of the CMS: requests/s and p50/p95/p99 latency of
 *   - a news list page, 20 items at depth 1   (/api/news?limit=20&depth=1)
 *   - one news item by slug                   (/api/news?where[slug][equals]=<slug>&limit=1)
 * at 1, 10 and 50 connections, with autocannon, against an already running admin
 * server on a loopback address (start it on the generated database, e.g.
 *   DATABASE_URI=file:bench/.data/quick/cms.db MEDIA_DIR=bench/.data/quick/media \
 *   PAYLOAD_SECRET=bench npx next start cms -p 3900 ).
 *
 *   npx tsx bench/measure-rest.ts [--url http://127.0.0.1:3900] [--quick] [--duration <s>]
 *
 * The by-slug requests rotate over up to 50 published slugs read from the API first.
 */
import autocannon from 'autocannon'

export type RestRow = {
  endpoint: string
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  /** responses that were not 2xx, plus connection errors and timeouts */
  errors: number
  /** mean response body size in bytes */
  bytesPerResponse: number
}

export type RestOptions = { url?: string; duration?: number; connections?: number[]; log?: (line: string) => void }

const loopback = (hostname: string) => ['localhost', '::1', '[::1]'].includes(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname)

/** Nearest-rank percentile in ms, rounded to 0.1 ms. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
}

async function run(base: string, endpoint: string, paths: string[], connections: number, duration: number): Promise<RestRow> {
  const latencies: number[] = []
  let bytes = 0
  let errors = 0
  let turn = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
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
    connections,
    seconds,
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.timeouts,
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
  }
}

export async function measureRest({ url = 'http://127.0.0.1:3900', duration = 10, connections = [1, 10, 50], log = console.log }: RestOptions = {}): Promise<RestRow[]> {
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
  for (const [endpoint, paths] of [
    ['news list (20, depth 1)', [listPath]],
    ['news by slug', slugPaths],
  ] as const) {
    for (const c of connections) {
      const row = await run(origin, endpoint, [...paths], c, duration)
      // autocannon stops sending at the deadline but the server still works off queued requests:
      // one sequential request waits until they are done, so the next run starts on an idle server.
      await (await fetch(origin + paths[0])).arrayBuffer()
      log(`  ${endpoint.padEnd(24)} ${String(c).padStart(3)} conn  ${row.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${row.p50} ms  p95 ${row.p95} ms  p99 ${row.p99} ms${row.errors ? `  ${row.errors} errors` : ''}`)
      rows.push(row)
    }
  }
  return rows
}

export function printRestTable(rows: RestRow[], log = console.log) {
  log('| endpoint | connections | req/s | p50 ms | p95 ms | p99 ms | errors | KB/response |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    log(`| ${r.endpoint} | ${r.connections} | ${r.requestsPerSecond.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${(r.bytesPerResponse / 1024).toFixed(1)} |`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const duration = Number(value('--duration') ?? (args.includes('--quick') ? 3 : 10))
  const rows = await measureRest({ url: value('--url'), duration })
  printRestTable(rows)
  console.log(JSON.stringify(rows, null, 2))
}
