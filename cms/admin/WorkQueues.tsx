/**
 * 工作台 (above the admin's dashboard, `admin.components.beforeDashboard`): the signed-in user's
 * queues with counts, each opening the admin list filtered to exactly what was counted.
 */
import type { ServerProps } from 'payload'

import React from 'react'

import { loadWorkQueues } from './workQueues'

const styles = `
.work-queues { margin-bottom: calc(var(--base) * 2); }
.work-queues h2 { margin: 0 0 calc(var(--base) / 2); }
.work-queues__grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: calc(var(--base) / 2); list-style: none; margin: 0; padding: 0; }
.work-queues__card { border: 1px solid var(--theme-elevation-150); border-radius: var(--style-radius-m, 4px); padding: calc(var(--base) * 0.75); background: var(--theme-elevation-0); }
.work-queues__card[data-pending="true"] { border-color: var(--theme-warning-500, #c27c0e); }
.work-queues__title { display: flex; justify-content: space-between; align-items: baseline; gap: 0.5rem; font-weight: 600; color: var(--theme-text); text-decoration: none; }
.work-queues__count { font-size: 1.75rem; line-height: 1; }
.work-queues__hint { margin: 0.25rem 0 0.5rem; color: var(--theme-elevation-600); font-size: 0.85rem; }
.work-queues__links { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; font-size: 0.9rem; }
`

export async function WorkQueues({ payload, user }: ServerProps) {
  const queues = await loadWorkQueues(payload, user)
  if (queues.length === 0) return null
  return (
    <section aria-labelledby="work-queues-heading" className="work-queues">
      <style>{styles}</style>
      <h2 id="work-queues-heading">工作台</h2>
      <ul className="work-queues__grid">
        {queues.map((queue) => (
          <li className="work-queues__card" data-pending={queue.count > 0} data-queue={queue.key} key={queue.key}>
            <a className="work-queues__title" href={queue.href}>
              <span>{queue.title}</span>
              <span className="work-queues__count">{queue.count}</span>
            </a>
            <p className="work-queues__hint">{queue.hint}</p>
            {queue.links.length > 1 && (
              <div className="work-queues__links">
                {queue.links.map((link) => (
                  <a href={link.href} key={link.label}>
                    {link.label} {link.count}
                  </a>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
