'use client'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

type Outcome = { kind: 'done'; text: string } | { kind: 'refused'; text: string; problems: string[] }

/** The buttons themselves: downloads are plain links (the session cookie goes along); the import posts the chosen file. */
export function TransferControls({ collection, api }: { collection: string; api: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [dryRun, setDryRun] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  const endpoint = `${api}/transfer/${collection}`

  async function importFile(file: File) {
    setBusy(true)
    setOutcome(undefined)
    try {
      const form = new FormData()
      form.append('file', file)
      const res = await fetch(`${endpoint}${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', credentials: 'include', body: form })
      const body = await res.json().catch(() => ({}))
      if (res.ok) {
        const what = `新建 ${body.created} 条，已存在 ${body.existing} 条（已存在的不会改动）`
        setOutcome({
          kind: 'done',
          text: body.dryRun ? `检查通过，未写入：将${what}` : `已导入 ${file.name}：${what}；导入的内容为草稿，需按审核流程发布`,
        })
        if (!body.dryRun) router.refresh()
      } else {
        const problems: string[] = body.problems ?? (body.errors ?? []).map((e: { message: string }) => e.message)
        setOutcome({
          kind: 'refused',
          text: body.rolledBack ? `导入失败，已全部回滚，未写入任何内容：` : `发现 ${problems.length} 个问题，未写入任何内容：`,
          problems,
        })
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <section
      className="transfer-controls"
      aria-label="导入导出"
      style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem', alignItems: 'center', margin: '0 0 1rem' }}
    >
      <a className="btn btn--style-secondary btn--size-small" style={{ margin: 0 }} href={`${endpoint}?format=csv`} download>
        导出 CSV
      </a>
      <a className="btn btn--style-secondary btn--size-small" style={{ margin: 0 }} href={`${endpoint}?format=json`} download>
        导出 JSON
      </a>
      <label className="btn btn--style-secondary btn--size-small" style={{ margin: 0, cursor: 'pointer' }}>
        {busy ? '正在导入…' : '导入 JSON/CSV'}
        <input
          type="file"
          accept=".json,.csv,application/json,text/csv"
          disabled={busy}
          style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            event.currentTarget.value = ''
            if (file) void importFile(file)
          }}
        />
      </label>
      <label style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center' }}>
        <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} />
        只检查，不写入
      </label>
      <span style={{ color: 'var(--theme-elevation-500)' }}>导出只含您负责的区域；导入按网址别名匹配，全部成功才写入</span>
      {outcome && (
        <div
          role={outcome.kind === 'refused' ? 'alert' : 'status'}
          className="transfer-controls__outcome"
          style={{ flexBasis: '100%', color: outcome.kind === 'refused' ? 'var(--theme-error-500)' : undefined }}
        >
          {outcome.text}
          {outcome.kind === 'refused' && (
            <ul>
              {outcome.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}
