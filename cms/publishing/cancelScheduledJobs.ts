import type { CollectionAfterDeleteHook } from 'payload'

type ScheduledJob = { id: number | string; input?: { doc?: { relationTo?: string; value?: string | number } } | null }

/**
 * Deleting a document cancels its pending scheduled publish/unpublish: the job names the document
 * only by collection and id, so it must not outlive it (ids are never reused — cms/database.ts —
 * and a job for a missing document would otherwise fail in the job log at its time). Runs in the
 * delete's transaction: the document and its jobs go together or not at all.
 */
export const cancelScheduledJobsOfDeleted: CollectionAfterDeleteHook = async ({ collection, id, req }) => {
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const pending = (docs as unknown as ScheduledJob[]).filter(
    (job) => job.input?.doc?.relationTo === collection.slug && String(job.input.doc.value) === String(id),
  )
  if (!pending.length) return
  await req.payload.delete({ collection: 'payload-jobs', where: { id: { in: pending.map((job) => job.id) } }, overrideAccess: true, req })
  req.payload.logger.info(`[jobs] ${collection.slug} ${id} deleted: ${pending.length} scheduled publish/unpublish job(s) cancelled`)
}
