import { describe, expect, it } from 'vitest'

import { formatPartialDate, isoAtPrecision, parsePartialDate } from '../../shared/dates'
import { formatFigureAsOf, formatFigureValue } from '../../shared/figures'

describe('partial dates', () => {
  it('parses year, month and day precision', () => {
    expect(parsePartialDate('2018').precision).toBe('year')
    expect(parsePartialDate('2018-03').precision).toBe('month')
    expect(parsePartialDate('2018-03-05').precision).toBe('day')
  })

  it('shows a month-precision date as the month, never as the 1st', () => {
    const { date, precision } = parsePartialDate('2018-03')
    expect(formatPartialDate(date, precision)).toBe('2018年3月')
    expect(formatPartialDate(date, 'day')).toBe('2018年3月1日')
    expect(isoAtPrecision(date, precision)).toBe('2018-03')
  })

  it('keeps the Shanghai calendar day whatever the machine time zone', () => {
    const { date } = parsePartialDate('2017-07-03')
    expect(formatPartialDate(date, 'day')).toBe('2017年7月3日')
    expect(formatPartialDate(date, 'year')).toBe('2017年')
    expect(formatPartialDate(date, 'day', 'en')).toBe('3 Jul 2017')
  })

  it('refuses malformed and impossible dates with a clear message', () => {
    expect(() => parsePartialDate('2018/03')).toThrow(/YYYY, YYYY-MM or YYYY-MM-DD/)
    expect(() => parsePartialDate('2019-02-30')).toThrow(/real calendar date/)
  })
})

describe('figures', () => {
  it('puts the qualifier before the number and the unit after it', () => {
    expect(formatFigureValue({ label: '服务人次', value: 100000, unit: '人次', qualifier: 'nearly' })).toBe('近100,000人次')
    expect(formatFigureValue({ label: '面积', value: '523', unit: '平方米', qualifier: 'over' })).toBe('超过523平方米')
    expect(formatFigureValue({ label: '参与', value: 50, qualifier: 'about' })).toBe('约50')
  })

  it('keeps text values as written', () => {
    expect(formatFigureValue({ label: '体系', value: '1个枢纽+70个楼宇服务站' })).toBe('1个枢纽+70个楼宇服务站')
  })

  it('formats the as-of date at its precision', () => {
    expect(formatFigureAsOf({ label: 'x', value: 2, asOf: '2019-08' })).toBe('截至2019年8月')
    expect(formatFigureAsOf({ label: 'x', value: 2 })).toBe('')
  })
})

describe('figures holding dates', () => {
  it('shows a date value in Chinese at its precision', () => {
    expect(formatFigureValue({ label: '成立日期', value: '2010-01-23' })).toBe('2010年1月23日')
    expect(formatFigureValue({ label: '揭牌', value: '2017-07' })).toBe('2017年7月')
  })
})
