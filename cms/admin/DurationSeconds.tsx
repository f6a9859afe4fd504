'use client'
/**
 * A build's duration, stored in milliseconds, shown in seconds (12.3 秒) in the list and the
 * edit view.
 */
import { FieldLabel, useField } from '@payloadcms/ui'
import type { StaticLabel } from 'payload'
import React from 'react'

export const formatSeconds = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} 秒` : '—')

export function DurationCell({ cellData }: { cellData?: unknown }) {
  return <span>{formatSeconds(cellData)}</span>
}

export function DurationField({ path, field }: { path: string; field?: { label?: StaticLabel; admin?: { width?: string } } }) {
  const { value } = useField<number>({ path })
  return (
    // As wide as admin.width says, the way Payload's own fields take their share of a row.
    <div
      className="field-type"
      style={field?.admin?.width ? ({ '--field-width': field.admin.width } as React.CSSProperties) : { flex: '1 1 auto' }}
    >
      <FieldLabel label={field?.label ?? '耗时'} path={path} />
      <div style={{ padding: '0.5em 0' }}>{formatSeconds(value)}</div>
    </div>
  )
}
