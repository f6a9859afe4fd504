/**
 * The save load of the soak (bench/soak.ts): signed-in clients — one admin and one district editor
 * per district — saving news through the CMS's REST API in a create / update / publish / unpublish
 * mix, each client one save at a time, until a shared count is reached. Answers other than 2xx and
 * network failures are counted by kind, never thrown: the soak reports them.
 */
import { paragraphsToLexical } from '../cms/seed/lexical'
import { body, createRng, summary, title, type Names } from './text'

export type SoakClient = { label: string; authorization: string; districts: { id: number; name: string }[]; editor: boolean }
export type SaveKind = 'create' | 'update' | 'publish' | 'unpublish'
export type SaveStats = {
  saves: number
  byKind: Record<SaveKind, number>
  errors: Record<string, number>
  errorSamples: Record<string, string>
  latencyMs: number[]
}

/** The mix: creates and draft updates most, publishing and unpublishing the rest. */
const mix: [SaveKind, number][] = [
  ['create', 0.35],
  ['update', 0.35],
  ['publish', 0.15],
  ['unpublish', 0.15],
]

export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`sign-in of ${email} answered ${response.status}: ${(await response.text()).slice(0, 300)}`)
  return `JWT ${((await response.json()) as { token: string }).token}`
}

/**
 * Runs `clients` against `url` until `total` saves are done (successful or not); `onSave` is called
 * after each one. Every client keeps its own items: drafts it may publish, published ones it may
 * unpublish, and updates a recent one of either.
 */
export async function runSaves(url: string, clients: SoakClient[], total: number, runId: string, onSave: () => void): Promise<SaveStats> {
  const stats: SaveStats = {
    saves: 0,
    byKind: { create: 0, update: 0, publish: 0, unpublish: 0 },
    errors: {},
    errorSamples: {},
    latencyMs: [],
  }
  const fail = (kind: string, message: string) => {
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1
    stats.errorSamples[kind] ??= message.slice(0, 300)
  }
  let started = 0
  const names: Names = {
    districts: [...new Set(clients.flatMap((c) => c.districts.map((d) => d.name)))],
    stations: ['党群服务站'],
    brands: ['小虹帽'],
  }

  async function client(index: number) {
    const { authorization, districts, editor } = clients[index]!
    const rng = createRng(1000 + index)
    const drafts: number[] = []
    const published: number[] = []
    const headers = { Authorization: authorization, 'Content-Type': 'application/json' }
    const send = async (method: 'POST' | 'PATCH', path: string, data: Record<string, unknown>) => {
      const response = await fetch(`${url}${path}`, { method, headers, body: JSON.stringify(data) })
      const text = await response.text()
      if (!response.ok) throw Object.assign(new Error(text.slice(0, 300)), { status: response.status })
      return (JSON.parse(text) as { doc: { id: number } }).doc
    }
    const content = (place: string) => ({
      title: title(rng, names, place),
      summary: summary(rng, names),
      // ≈ 700 characters, cut at a sentence's end: about 2 KB of UTF-8, as the measurement.
      body: paragraphsToLexical(shorten(body(rng, names), 700)),
    })
    while (started < total) {
      const n = ++started
      let kind = pick(rng.next())
      if (kind === 'publish' && !drafts.length) kind = 'create'
      if (kind === 'unpublish' && !published.length) kind = 'create'
      if (kind === 'update' && !drafts.length && !published.length) kind = 'create'
      const t0 = performance.now()
      try {
        if (kind === 'create') {
          const district = rng.pick(districts)
          const doc = await send('POST', '/api/news?draft=true&depth=0', {
            ...content(district.name),
            slug: `soak-${runId}-${n}`,
            district: district.id,
            publishedOn: { date: '2026-05-01T12:00:00.000Z', precision: 'day' },
          })
          drafts.push(doc.id)
        } else if (kind === 'update') {
          const pool = rng.chance(0.5) && published.length ? published : drafts.length ? drafts : published
          const id = pool[Math.max(0, pool.length - 1 - rng.int(0, 9))]!
          await send('PATCH', `/api/news/${id}?draft=true&depth=0`, { summary: content('').summary, body: content('').body })
        } else if (kind === 'publish') {
          const id = drafts.splice(rng.int(0, drafts.length - 1), 1)[0]!
          // An editor reviews and publishes in one save; an admin publishes directly (logged as an override).
          await send(
            'PATCH',
            `/api/news/${id}?depth=0`,
            editor ? { _status: 'published', reviewState: 'reviewed' } : { _status: 'published' },
          )
          published.push(id)
        } else {
          const id = published.splice(rng.int(0, published.length - 1), 1)[0]!
          await send('PATCH', `/api/news/${id}?depth=0`, { _status: 'draft' })
          drafts.push(id)
        }
        stats.byKind[kind]++
        stats.latencyMs.push(performance.now() - t0)
      } catch (error) {
        const status = (error as { status?: number }).status
        fail(
          status
            ? `${kind} HTTP ${status}`
            : `${kind} ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message.slice(0, 80)}`,
          (error as Error).message,
        )
      }
      // Keep the pools short: the soak measures memory per save, not ever-growing working sets.
      if (drafts.length > 200) drafts.shift()
      if (published.length > 200) published.shift()
      stats.saves++
      onSave()
    }
  }

  await Promise.all(clients.map((_, i) => client(i)))
  return stats
}

/** The text up to the last full sentence within `max` characters (a cut quotation would be flagged by the content check). */
function shorten(text: string, max: number): string {
  const cut = text.slice(0, max)
  return cut.slice(0, cut.lastIndexOf('。') + 1) || cut
}

function pick(x: number): SaveKind {
  for (const [kind, weight] of mix) {
    if (x < weight) return kind
    x -= weight
  }
  return 'create'
}
