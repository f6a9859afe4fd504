/**
 * Preview speed (issue 16), against the real admin server (`next start`) on the benchmark dataset:
 *  - cold: the first preview right after the server answers (the server starts the preview renderer
 *    at start, as `npm start` does: it may still be loading Payload, Vite and the templates), then the
 *    first preview of another district (its content read for the first time), target ≤ 3 s;
 *  - keystroke → updated preview: POST of the form's values with a changed title, warm, the live
 *    preview's request, median of 20, target ≤ 1 s;
 *  - 预览链接 → page: GET of a signed link, warm, median of 20, target ≤ 1 s.
 * `npm run bench:preview` runs it alone on an existing dataset (bench/.data/<mode>, default quick).
 */
import path from 'node:path'

import type { Payload } from 'payload'

import { repoRoot } from '../shared/paths'
import { openBenchPayload } from './bench-payload'

export type PreviewResult = {
  district: string
  coldMs: number
  otherDistrict?: string
  firstOfDistrictMs?: number
  keystrokeMs: number[]
  medianKeystrokeMs: number
  linkMs: number[]
  medianLinkMs: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const benchAdmin = { email: 'bench-admin@bench.test', password: 'bench-admin-password-1' }

export async function measurePreview(
  payload: Payload,
  { district, runs = 20, log = console.log }: { district: string; runs?: number; log?: (line: string) => void },
): Promise<PreviewResult> {
  if (!(await payload.count({ collection: 'users', where: { email: { equals: benchAdmin.email } }, overrideAccess: true })).totalDocs) {
    await payload.create({
      collection: 'users',
      data: { ...benchAdmin, name: 'bench-admin', roles: ['admin'] } as never,
      overrideAccess: true,
    })
  }
  const own = (
    await payload.find({ collection: 'districts', where: { slug: { equals: district } }, limit: 1, depth: 0, overrideAccess: true })
  ).docs[0]
  if (!own) throw new Error(`no district ${district} in the dataset`)
  const item = (
    await payload.find({
      collection: 'news',
      where: { district: { equals: own.id } },
      sort: '-publishedOn.date',
      limit: 1,
      depth: 0,
      overrideAccess: true,
      draft: true,
    })
  ).docs[0]
  if (!item) throw new Error(`no news item in ${district}`)

  const { ensureCmsBuilt, startCms } = await import('./cms-server')
  await ensureCmsBuilt(log)
  const other = (
    await payload.find({
      collection: 'news',
      where: { district: { not_equals: own.id } },
      limit: 1,
      depth: 1,
      overrideAccess: true,
      draft: true,
    })
  ).docs[0]
  const server = await startCms({ PREVIEW_PREWARM: '1' })
  try {
    const login = await fetch(`${server.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(benchAdmin),
    })
    const headers = { Authorization: `JWT ${((await login.json()) as { token: string }).token}` }
    const timed = async (request: () => Promise<Response>, expect: string) => {
      const started = performance.now()
      const response = await request()
      const html = await response.text()
      const ms = performance.now() - started
      if (response.status !== 200 || !html.includes(expect)) throw new Error(`preview answered ${response.status}: ${html.slice(0, 300)}`)
      return ms
    }
    const coldMs = await timed(() => fetch(`${server.url}/api/preview/news/${item.id}`, { headers }), '<h1>')
    log(`  cold (first preview right after the server started): ${(coldMs / 1000).toFixed(2)} s`)
    let firstOfDistrictMs: number | undefined
    if (other) {
      firstOfDistrictMs = await timed(() => fetch(`${server.url}/api/preview/news/${other.id}`, { headers }), '<h1>')
      log(
        `  first preview of another district (${(other.district as { slug?: string })?.slug}): ${(firstOfDistrictMs / 1000).toFixed(2)} s`,
      )
    }
    const keystrokeMs: number[] = []
    for (let i = 0; i < runs; i++) {
      const title = `${item.title} ${'键'.repeat(i + 1)}`
      keystrokeMs.push(
        await timed(
          () =>
            fetch(`${server.url}/api/preview/news/${item.id}`, {
              method: 'POST',
              headers: { ...headers, 'Content-Type': 'application/json' },
              body: JSON.stringify({ ...item, title }),
            }),
          title,
        ),
      )
    }
    const made = (await (await fetch(`${server.url}/api/preview/news/${item.id}/link`, { method: 'POST', headers })).json()) as {
      url: string
    }
    const linkMs: number[] = []
    for (let i = 0; i < runs; i++) linkMs.push(await timed(() => fetch(`${server.url}${made.url}`), '<h1>'))
    const result = {
      district,
      coldMs,
      otherDistrict: (other?.district as { slug?: string } | undefined)?.slug,
      firstOfDistrictMs,
      keystrokeMs,
      medianKeystrokeMs: median(keystrokeMs),
      linkMs,
      medianLinkMs: median(linkMs),
    }
    log(
      `  keystroke → updated preview, median of ${runs}: ${result.medianKeystrokeMs.toFixed(0)} ms (min ${Math.min(...keystrokeMs).toFixed(0)}, max ${Math.max(...keystrokeMs).toFixed(0)})`,
    )
    log(
      `  预览链接 → page, median of ${runs}: ${result.medianLinkMs.toFixed(0)} ms (min ${Math.min(...linkMs).toFixed(0)}, max ${Math.max(...linkMs).toFixed(0)})`,
    )
    return result
  } finally {
    await server.stop()
  }
}

// Run alone: `npm run bench:preview [-- --mode full]` on a dataset made by `npm run bench`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const mode = process.argv.includes('--mode') ? process.argv[process.argv.indexOf('--mode') + 1]! : 'quick'
  const dataDir = path.join(repoRoot, 'bench', '.data', mode)
  const payload = await openBenchPayload(dataDir)
  const result = await measurePreview(payload, { district: 'xinhong' })
  console.log(JSON.stringify({ preview: result }, null, 2))
  await payload.destroy()
  process.exit(0)
}
