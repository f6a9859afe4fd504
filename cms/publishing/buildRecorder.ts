/**
 * The `site-builds` records of the rebuild queue (系统 → 站点构建): one per build, written at every
 * state change (queued → running → succeeded/failed).
 *
 * A record must always reach its end. Its texts are cut to what the collection accepts (a burst of
 * 50 saves once gave a 1,000-character trigger the collection refused, and every later write of
 * that build failed: it stayed 排队中 with no start time for good); a write that fails anyway is
 * retried with the status and times alone; and records a stopped or killed server left
 * queued/running are ended as failed when the next server starts (`endUnfinishedBuilds`).
 */
import type { Payload, RequiredDataFromCollectionSlug } from 'payload'

import { formatShanghaiTime } from '../../shared/dates'
import { siteBuildTextLimits } from '../collections/SiteBuilds'
import { resolvePayload, type BuildRecorder, type PayloadRef, type SiteBuildState } from './buildTypes'

const collection = 'site-builds'

/** What one write sets: the status always, the rest as far as known; title and district on create. */
type BuildFields = Omit<RequiredDataFromCollectionSlug<typeof collection>, 'title' | 'district'>

/** At most `max` characters, with a mark where text was cut: its start, or (`ends`) its first fifth and its end. */
export function clip(text: string, max: number, keep: 'start' | 'ends' = 'start'): string {
  if (text.length <= max) return text
  if (keep === 'start') return `${text.slice(0, max - 1)}…`
  // A log tail: the error lines logTail() keeps in front, and the end.
  const head = Math.floor(max / 5)
  return `${text.slice(0, head)}\n…\n${text.slice(text.length - (max - head - 3))}`
}

/** Summarises the triggers of one build for the `trigger` field (within its limit). */
export function summarizeTriggers(triggers: string[], maxLength: number = siteBuildTextLimits.trigger): string {
  const suffix = (n: number) => `；…等共 ${n} 项`
  const room = maxLength - suffix(triggers.length).length
  const shown: string[] = []
  let length = 0
  for (const trigger of triggers) {
    if (length + trigger.length > room && shown.length) break
    shown.push(trigger)
    length += trigger.length + 1
  }
  const rest = triggers.length - shown.length
  return clip(shown.join('；'), rest > 0 ? room : maxLength) + (rest > 0 ? suffix(triggers.length) : '')
}

export interface PayloadRecorderOptions {
  /** Records kept per district; older ones are deleted after each finished build. Default 200; 0 keeps all. */
  keepPerDistrict?: number
}

/** Records builds in the `site-builds` collection (overrideAccess: nobody may write it through the API). */
export function payloadRecorder(ref: PayloadRef, options: PayloadRecorderOptions = {}): BuildRecorder {
  const keep = options.keepPerDistrict ?? 200
  const ids = new Map<number, number | string>()
  let warned = false
  return async (build) => {
    const payload = resolvePayload(ref)
    if (!payload) return
    if (!payload.collections[collection]) {
      if (!warned) payload.logger.warn('Site rebuilds are not recorded: the site-builds collection is not registered')
      warned = true
      return
    }
    const times = {
      status: build.status,
      startedAt: build.startedAt?.toISOString() ?? null,
      finishedAt: build.finishedAt?.toISOString() ?? null,
      durationMs: build.durationMs ?? null,
    }
    const data = {
      ...times,
      trigger: clip(build.trigger, siteBuildTextLimits.trigger),
      pages: build.pages ?? null,
      logTail: build.logTail === undefined ? null : clip(build.logTail, siteBuildTextLimits.logTail, 'ends'),
    }
    const write = async (fields: BuildFields) => {
      const existing = ids.get(build.seq)
      if (existing !== undefined) {
        await payload.update({ collection, id: existing, data: fields, overrideAccess: true, depth: 0 })
        return
      }
      const district = (
        await payload.find({
          collection: 'districts',
          where: { slug: { equals: build.district } },
          limit: 1,
          depth: 0,
          overrideAccess: true,
          pagination: false,
        })
      ).docs[0]
      const created = await payload.create({
        collection,
        data: {
          ...fields,
          title: `${district?.name ?? build.district}（${build.district}）${formatShanghaiTime(build.queuedAt)}`,
          district: district?.id ?? null,
        },
        overrideAccess: true,
        depth: 0,
      })
      ids.set(build.seq, created.id)
    }
    try {
      await write(data)
    } catch (error) {
      // Whatever the texts did, the status must land: once more with the status and times alone.
      payload.logger.error(
        `Could not record the build of district site ${build.district} in full (${(error as Error)?.message ?? error}); recording its status alone`,
      )
      await write({ ...times, ...(build.error ? { logTail: clip(build.error, siteBuildTextLimits.logTail) } : {}) })
    }
    if (build.status === 'succeeded' || build.status === 'failed') {
      ids.delete(build.seq)
      if (keep > 0) await prune(payload, build.district, keep)
    }
  }
}

async function prune(payload: Payload, slug: string, keep: number) {
  const district = (
    await payload.find({ collection: 'districts', where: { slug: { equals: slug } }, limit: 1, depth: 0, overrideAccess: true })
  ).docs[0]
  if (!district) return
  const where = { district: { equals: district.id } }
  const oldestKept = await payload.find({ collection, where, sort: '-createdAt', limit: 1, page: keep, depth: 0, overrideAccess: true })
  const cutoff = oldestKept.docs[0]?.createdAt
  if (!cutoff || oldestKept.totalDocs <= keep) return
  await payload.delete({
    collection,
    where: { and: [where, { createdAt: { less_than: cutoff } }, { status: { in: ['succeeded', 'failed'] } }] },
    overrideAccess: true,
    depth: 0,
  })
}

/**
 * Ends as failed every record still queued or running that was created before `before` — builds a
 * previous server run never finished (it was stopped, killed or crashed). Run when a server's
 * rebuild queue starts. Returns how many were ended.
 */
export async function endUnfinishedBuilds(
  payload: Payload,
  before: Date,
  reason = '服务重启：此前的服务进程在构建完成前停止，本次构建未完成 / Interrupted: the server stopped before this build finished',
): Promise<number> {
  if (!payload.collections[collection]) return 0
  const { docs } = await payload.find({
    collection,
    where: { and: [{ status: { in: ['queued', 'running'] } }, { createdAt: { less_than: before.toISOString() } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const now = new Date().toISOString()
  for (const doc of docs) {
    const logTail = clip([doc.logTail, reason].filter(Boolean).join('\n'), siteBuildTextLimits.logTail, 'ends')
    await payload.update({
      collection,
      id: doc.id,
      data: { status: 'failed', finishedAt: now, logTail },
      overrideAccess: true,
      depth: 0,
    })
  }
  if (docs.length)
    payload.logger.warn(`[sites] ${docs.length} site build record(s) left unfinished by an earlier server run were marked failed`)
  return docs.length
}

export type { SiteBuildState }
