import { describe, expect, it } from 'vitest'

import { fillUntitled } from '../../site/lib/untitled'

describe('fillUntitled', () => {
  it('names an item whose title or name is missing or blank, and leaves real ones and other collections alone', () => {
    const news: Record<string, unknown> = { title: '  ' }
    fillUntitled('news', news)
    expect(news.title).toBe('未命名新闻')
    const station: Record<string, unknown> = {}
    fillUntitled('stations', station)
    expect(station.name).toBe('未命名阵地')
    const titled: Record<string, unknown> = { title: '<script>' }
    fillUntitled('activities', titled)
    expect(titled.title).toBe('<script>')
    const media: Record<string, unknown> = {}
    fillUntitled('media', media)
    expect(media).toEqual({})
  })
})
