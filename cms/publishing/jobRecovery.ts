import type { Payload } from 'payload'

type JobDoc = {
  id: number | string
  taskSlug?: string | null
  waitUntil?: string | null
  createdAt: string
  input?: { type?: string; doc?: { relationTo: string; value: string | number } } | null
}

/**
 * A job runner that dies mid-job (the CMS restarted, the machine rebooted) leaves its job marked
 * `processing`, and Payload never picks a processing job up again: a scheduled publish would
 * silently never happen. Run at server start, in the one process that runs jobs
 * (PAYLOAD_JOBS_AUTORUN=1), this releases such jobs so the runner retries them — except a
 * scheduled publish/unpublish whose document already has the scheduled status since the job was
 * due: the runner died after the update but before recording it, so the job is completed instead
 * of run again, and a restart never publishes twice.
 */
export async function recoverInterruptedJobs(payload: Payload): Promise<{ released: number; completed: number }> {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: { and: [{ processing: { equals: true } }, { completedAt: { exists: false } }] },
    pagination: false,
    depth: 0,
  })
  let released = 0
  let completed = 0
  for (const job of docs as unknown as JobDoc[]) {
    if (await alreadyApplied(payload, job)) {
      await payload.update({
        collection: 'payload-jobs',
        id: job.id,
        data: { processing: false, completedAt: new Date().toISOString() },
        depth: 0,
      })
      completed++
    } else {
      await payload.update({ collection: 'payload-jobs', id: job.id, data: { processing: false }, depth: 0 })
      released++
    }
  }
  if (released || completed) {
    payload.logger.warn(
      `[jobs] interrupted by a restart: ${released} job(s) will run again, ${completed} had already taken effect and were completed`,
    )
  }
  return { released, completed }
}

async function alreadyApplied(payload: Payload, job: JobDoc): Promise<boolean> {
  const target = job.input?.doc
  if (job.taskSlug !== 'schedulePublish' || !target) return false
  const wanted = job.input?.type === 'unpublish' ? 'draft' : 'published'
  const due = Date.parse(job.waitUntil ?? job.createdAt)
  try {
    const doc = (await payload.findByID({ collection: target.relationTo as 'news', id: target.value, depth: 0 })) as {
      _status?: string
      updatedAt: string
    }
    return doc._status === wanted && Date.parse(doc.updatedAt) >= due
  } catch {
    return false // the document is gone: let the job run and fail visibly
  }
}
