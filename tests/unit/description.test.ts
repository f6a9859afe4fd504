import { describe as suite, expect, it } from 'vitest'

import { bodyLead, describe } from '../../site/lib/description'

suite('page descriptions', () => {
  it('takes the summary first, then the next text with words, trimmed', () => {
    expect(describe(['  社区志愿服务  ', '标语'], '<p>正文</p>')).toBe('社区志愿服务')
    expect(describe([null, ' ', '小虹帽标语'], '<p>正文</p>')).toBe('小虹帽标语')
  })

  it('falls back to the body as text, without markup', () => {
    expect(describe([undefined], '<p>新虹街道<b>党群服务站</b>开放。</p><p>欢迎&amp;参观</p>')).toBe('新虹街道党群服务站开放。欢迎&参观')
    expect(describe([''], '')).toBeUndefined()
  })

  it('cuts a long body at a clause, never mid-word', () => {
    const sentence = '新虹街道党群服务站面向居民开放，'
    const lead = bodyLead(`<p>${sentence.repeat(20)}</p>`)
    expect(lead.length).toBeLessThanOrEqual(120)
    expect(lead.endsWith('，')).toBe(true)
    expect(bodyLead(`<p>${'虹'.repeat(300)}</p>`)).toBe(`${'虹'.repeat(120)}…`)
  })
})
