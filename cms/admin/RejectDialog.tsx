'use client'
/** 退回: asks for the reason (required) before the item goes back to its writer. */
import { Button, Modal, useModal } from '@payloadcms/ui'
import React, { useState } from 'react'

export function RejectDialog({ slug, onReject }: { slug: string; onReject: (reason: string) => Promise<boolean> }) {
  const { closeModal } = useModal()
  const [reason, setReason] = useState('')
  const [missing, setMissing] = useState(false)
  const [busy, setBusy] = useState(false)

  const confirm = async () => {
    const text = reason.trim()
    if (!text) return setMissing(true)
    setBusy(true)
    const done = await onReject(text)
    setBusy(false)
    if (done) {
      setReason('')
      closeModal(slug)
    }
  }

  return (
    <Modal className="confirmation-modal" closeOnBlur={false} slug={slug}>
      <div className="confirmation-modal__wrapper">
        <div className="confirmation-modal__content">
          <h1>退回修改</h1>
          <p>请写明需要修改的地方。撰稿人会在这篇内容的审核状态旁和“退回理由”中看到。</p>
          <label htmlFor="reject-reason" style={{ fontWeight: 600 }}>
            退回理由（必填）
          </label>
          <textarea
            id="reject-reason"
            onChange={(e) => {
              setReason(e.target.value)
              if (e.target.value.trim()) setMissing(false)
            }}
            rows={4}
            style={{ width: '100%', padding: '0.5rem', font: 'inherit', border: '1px solid var(--theme-elevation-250)' }}
            value={reason}
            aria-invalid={missing}
            aria-describedby={missing ? 'reject-reason-error' : undefined}
          />
          {missing && (
            <p id="reject-reason-error" role="alert" style={{ color: 'var(--theme-error-500)' }}>
              请填写退回理由
            </p>
          )}
        </div>
        <div className="confirmation-modal__controls">
          <Button buttonStyle="secondary" disabled={busy} id="reject-cancel" onClick={() => closeModal(slug)} size="large" type="button">
            取消
          </Button>
          <Button disabled={busy} id="reject-confirm" onClick={() => void confirm()} size="large" type="button">
            {busy ? '正在退回…' : '确认退回'}
          </Button>
        </div>
      </div>
    </Modal>
  )
}
