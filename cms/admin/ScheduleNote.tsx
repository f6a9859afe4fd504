/**
 * Scheduled publish/unpublish made visible (server components): a note in the edit view's
 * sidebar — 已预约 2026年11月30日 00:00 发布 — and the lists' 预约 column. Both read the pending
 * jobs on the server (cms/admin/scheduledJobs.ts); the list asks once per page.
 */
import type { BasePayload } from 'payload'
import React from 'react'

import { describeSchedule, pendingSchedulesOf, pendingSchedulesOfDoc, shanghaiDateTime } from './scheduledJobs'

type FieldProps = { payload: BasePayload; collectionSlug?: string; data?: { id?: string | number } | null; id?: string | number }

export async function ScheduleNote({ payload, collectionSlug, data, id }: FieldProps) {
  const docId = id ?? data?.id
  if (!collectionSlug || docId === undefined || docId === null) return null
  const schedules = await pendingSchedulesOfDoc(payload, collectionSlug, docId)
  return (
    <div className="field-type schedule-note" style={{ marginBottom: 'var(--base)' }}>
      <div className="field-label">预约</div>
      {schedules.length === 0 ? (
        <p style={{ margin: 0, color: 'var(--theme-elevation-500)' }}>未预约发布或下线（可用“发布”旁的日历按钮预约）</p>
      ) : (
        schedules.map((s, i) => (
          <p key={i} style={{ margin: 0 }} data-scheduled={s.type}>
            <strong>{describeSchedule(s)}</strong>
          </p>
        ))
      )}
    </div>
  )
}

type CellProps = { payload: BasePayload; collectionSlug: string; rowData?: { id?: string | number } }

export async function ScheduleCell({ payload, collectionSlug, rowData }: CellProps) {
  if (rowData?.id === undefined) return null
  const schedules = (await pendingSchedulesOf(payload, collectionSlug)).get(String(rowData.id)) ?? []
  if (!schedules.length) return <span>—</span>
  return (
    <span data-scheduled={schedules[0].type}>
      {schedules.map((s) => `${shanghaiDateTime(s.at)} ${s.type === 'publish' ? '发布' : '下线'}`).join('；')}
    </span>
  )
}
