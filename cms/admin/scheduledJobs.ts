import type { BasePayload } from 'payload'
import { cache } from 'react'

/**
 * Pending scheduled publish/unpublish jobs (Payload's `schedulePublish` task), for the edit view's
 * note and the lists' 预约 column. Jobs are not readable over REST (Payload closes the collection),
 * so this runs on the server with the Local API; it says only when and what, never who.
 */
export type PendingSchedule = { type: 'publish' | 'unpublish'; at: Date }

type JobDoc = { waitUntil?: string | null; input?: { type?: string; doc?: { relationTo?: string; value?: string | number } } | null }

async function findPending(payload: BasePayload, collection: string, id?: string | number): Promise<Map<string, PendingSchedule[]>> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: 'schedulePublish' } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        { 'input.doc.relationTo': { equals: collection } },
        ...(id === undefined ? [] : [{ 'input.doc.value': { equals: String(id) } }]),
      ],
    },
    sort: 'waitUntil',
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const byDoc = new Map<string, PendingSchedule[]>()
  for (const job of docs as unknown as JobDoc[]) {
    const docId = job.input?.doc?.value
    if (docId === undefined || !job.waitUntil) continue
    const list = byDoc.get(String(docId)) ?? []
    list.push({ type: job.input?.type === 'unpublish' ? 'unpublish' : 'publish', at: new Date(job.waitUntil) })
    byDoc.set(String(docId), list)
  }
  return byDoc
}

/** One query per collection and server render: every cell of a list page shares it. */
export const pendingSchedulesOf = cache((payload: BasePayload, collection: string) => findPending(payload, collection))

/** The pending schedules of one document. */
export async function pendingSchedulesOfDoc(payload: BasePayload, collection: string, id: string | number): Promise<PendingSchedule[]> {
  return (await findPending(payload, collection, id)).get(String(id)) ?? []
}

/** 2026年11月30日 00:00, Shanghai time whatever the server's zone. */
export function shanghaiDateTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`
}

/** 已预约 2026年11月30日 00:00 发布 */
export const describeSchedule = (s: PendingSchedule) => `已预约 ${shanghaiDateTime(s.at)} ${s.type === 'publish' ? '发布' : '下线'}`
