/**
 * The 站点健康 dashboard's markup: a plain component over loadSiteHealthDashboard's data, so it
 * renders the same inside the admin (SiteHealthView.tsx) and in a test (react-dom/server).
 */
import React from 'react'

import { formatShanghaiDay, formatShanghaiTime } from '../../shared/dates'

import type { DashboardSection, DistrictHealth, SiteHealthDashboardData } from './dashboard'

const day = (iso: string | null) => (iso ? formatShanghaiDay(iso) : '—')
const time = (iso: string | null) => (iso ? formatShanghaiTime(iso, { seconds: false }) : '—')
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

const red = 'var(--theme-error-500, #b71c1c)'
const amber = 'var(--theme-warning-500, #8a5a00)'
const green = 'var(--theme-success-500, #1b5e20)'
const cell: React.CSSProperties = {
  padding: '0.35rem 0.6rem',
  borderBottom: '1px solid var(--theme-elevation-100, #ddd)',
  textAlign: 'left',
  verticalAlign: 'top',
}

function HeaderRow({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((h) => (
          <th key={h} style={cell}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  )
}

function SectionRow({ section, staleDays }: { section: DashboardSection; staleDays: number }) {
  const problem = section.lastUpdate === null ? '栏目无内容' : `超过${staleDays}天未更新`
  const state = section.alarm ? (
    <strong style={{ color: red }} data-alarm={section.key}>
      {problem}（单项否决项）
    </strong>
  ) : section.stale ? (
    <span style={{ color: amber }}>{problem}</span>
  ) : (
    <span style={{ color: green }}>正常</span>
  )
  return (
    <tr>
      <td style={cell}>{section.label}</td>
      <td style={cell}>{day(section.lastUpdate)}</td>
      <td style={cell}>{section.ageDays === null ? '无内容' : `${section.ageDays} 天前`}</td>
      <td style={cell}>{section.latestTitle ?? '—'}</td>
      <td style={cell}>{state}</td>
    </tr>
  )
}

function Findings<T>({ title, items, total, render }: { title: string; items: T[]; total: number; render: (item: T) => React.ReactNode }) {
  return (
    <details open={total > 0} style={{ margin: '0.5rem 0' }}>
      <summary style={{ color: total > 0 ? red : undefined, cursor: 'pointer' }}>
        {title}：{total}
        {total > items.length ? `（列出前 ${items.length} 条）` : ''}
      </summary>
      {items.length > 0 && (
        <ul style={{ margin: '0.25rem 0 0 1.25rem' }}>
          {items.map((item, i) => (
            <li key={i}>{render(item)}</li>
          ))}
        </ul>
      )}
    </details>
  )
}

function District({ row, staleDays }: { row: DistrictHealth; staleDays: number }) {
  const report = row.report
  return (
    <section
      id={`site-health-${row.slug}`}
      style={{
        border: `1px solid ${row.alarm ? red : 'var(--theme-elevation-150, #ccc)'}`,
        borderRadius: 4,
        padding: '1rem',
        margin: '1rem 0',
      }}
    >
      <h2 style={{ margin: '0 0 0.5rem' }}>
        {row.name} <small style={{ fontWeight: 'normal' }}>/{row.slug}/</small>
        {row.alarm && <span style={{ color: red, marginLeft: '0.75rem', fontSize: '0.8em' }}>⚠ 更新告警</span>}
      </h2>
      {!report ? (
        <p>尚无检查结果：站点下一次构建后自动检查。</p>
      ) : (
        <>
          <p style={{ margin: '0 0 0.5rem' }}>
            最近检查：{time(row.checkedAt)}，检查页面 {report.pagesChecked} 个、站内链接 {report.linksChecked} 条
          </p>
          <table style={{ borderCollapse: 'collapse', width: '100%' }}>
            <HeaderRow labels={['栏目', '最近更新', '距今', '最新内容', '状态']} />
            <tbody>
              {row.sections.map((section) => (
                <SectionRow key={section.key} section={section} staleDays={staleDays} />
              ))}
            </tbody>
          </table>
          <Findings
            title="失效的站内链接与图片"
            items={report.brokenLinks}
            total={report.totals.brokenLinks}
            render={(b) => (
              <>
                <code>{b.url}</code>（所在页面 <a href={row.siteOrigin + b.page}>{b.page}</a>）
              </>
            )}
          />
          <Findings
            title="缺少替代文本（alt）的图片"
            items={report.missingAlt}
            total={report.totals.missingAlt}
            render={(m) => (
              <>
                <code>{m.src || '（无 src）'}</code>
                {m.problem === 'missing' ? '：没有 alt 属性' : '：alt 为空且未标为装饰性图片'}（所在页面{' '}
                <a href={row.siteOrigin + m.page}>{m.page}</a>）
              </>
            )}
          />
          <Findings
            title={`超过页面重量预算的页面（预算 ${report.budgets.pageKb} KB，搜索页 ${report.budgets.searchPageKb} KB，按压缩后的网页、样式和脚本计）`}
            items={report.overweight}
            total={report.totals.overweight}
            render={(o) => (
              <>
                <a href={row.siteOrigin + o.page}>{o.page}</a>：{kb(o.bytes)}（预算 {kb(o.budgetBytes)}）
              </>
            )}
          />
        </>
      )}
      <h3 style={{ margin: '0.75rem 0 0.25rem', fontSize: '1rem' }}>最近构建</h3>
      {row.builds.length === 0 ? (
        <p>尚无构建记录（命令行构建不记录；发布后的自动重建和每日重建会记录在 系统 → 站点构建）。</p>
      ) : (
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <HeaderRow labels={['时间', '状态', '耗时', '页面数', '触发原因']} />
          <tbody>
            {row.builds.map((b) => (
              <tr key={String(b.id)}>
                <td style={cell}>{time(b.startedAt)}</td>
                <td style={{ ...cell, color: b.status === 'failed' ? red : b.status === 'succeeded' ? green : undefined }}>
                  {b.statusLabel}
                </td>
                <td style={cell}>{b.durationMs === null ? '—' : `${(b.durationMs / 1000).toFixed(1)} 秒`}</td>
                <td style={cell}>{b.pages ?? '—'}</td>
                <td style={cell}>{b.trigger ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function SiteHealthDashboard({ data }: { data: SiteHealthDashboardData }) {
  const alarms = data.districts.filter((d) => d.alarm)
  return (
    <div className="site-health">
      <h1>站点健康</h1>
      <p>
        每次站点构建后自动检查：各栏目最近更新日期（首页、新闻动态超过 {data.staleDays}{' '}
        天未更新为单项否决项，红色告警）、失效的站内链接与图片、缺少替代文本的图片、超重页面。 每日凌晨的定时重建会检查全部站点。
      </p>
      <p style={{ color: alarms.length ? red : green, fontWeight: 'bold' }}>
        {alarms.length ? `${alarms.length} 个站点有更新告警：${alarms.map((d) => d.name).join('、')}` : '没有更新告警'}
      </p>
      {data.districts.length === 0 && <p>还没有站点检查记录。</p>}
      {data.districts.map((row) => (
        <District key={String(row.districtId)} row={row} staleDays={data.staleDays} />
      ))}
    </div>
  )
}
