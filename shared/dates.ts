import type { DatePrecision } from './vocabulary'

/**
 * Dates that the sources give only to the month or year are stored as the
 * first day of that period plus a precision, and must be shown at that
 * precision: 2018-03 → 2018年3月, never 2018年3月1日. Stored at 12:00 UTC so
 * the calendar day is the same in Shanghai and in any admin's browser zone.
 */
export const siteTimeZone = 'Asia/Shanghai'

const partialDatePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

export type PartialDate = { date: string; precision: DatePrecision }

/** Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into a stored date + precision. */
export function parsePartialDate(text: string): PartialDate {
  const match = partialDatePattern.exec(text.trim())
  if (!match) throw new Error(`Not a date: "${text}" (expected YYYY, YYYY-MM or YYYY-MM-DD)`)
  const [, year, month, day] = match
  const precision: DatePrecision = day ? 'day' : month ? 'month' : 'year'
  const iso = `${year}-${month ?? '01'}-${day ?? '01'}`
  const date = new Date(`${iso}T12:00:00.000Z`)
  if (Number.isNaN(date.getTime()) || shanghaiParts(date).day !== Number(day ?? 1) || shanghaiParts(date).month !== Number(month ?? 1)) {
    throw new Error(`Not a real calendar date: "${text}"`)
  }
  return { date: date.toISOString(), precision }
}

// One formatter for the process: constructing an Intl.DateTimeFormat costs far more than using one
// (it was 5% of a site build's CPU when made per call).
const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: siteTimeZone, year: 'numeric', month: 'numeric', day: 'numeric' })

export function shanghaiParts(date: Date | string): { year: number; month: number; day: number } {
  const parts = shanghaiDay.formatToParts(new Date(date))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: get('year'), month: get('month'), day: get('day') }
}

/** 2018年3月5日 / 2018年3月 / 2018年 (Chinese), or 5 Mar 2018 / Mar 2018 / 2018 (English). */
export function formatPartialDate(
  date: Date | string | null | undefined,
  precision: DatePrecision | null | undefined = 'day',
  locale: 'zh' | 'en' = 'zh',
): string {
  if (!date) return ''
  const { year, month, day } = shanghaiParts(date)
  const p = precision ?? 'day'
  if (locale === 'en') {
    const monthName = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })
    if (p === 'year') return `${year}`
    if (p === 'month') return `${monthName} ${year}`
    return `${day} ${monthName} ${year}`
  }
  if (p === 'year') return `${year}年`
  if (p === 'month') return `${year}年${month}月`
  return `${year}年${month}月${day}日`
}

/** Machine-readable form at the stored precision, for <time datetime> and JSON-LD. */
export function isoAtPrecision(date: Date | string, precision: DatePrecision | null | undefined = 'day'): string {
  const { year, month, day } = shanghaiParts(date)
  const mm = String(month).padStart(2, '0')
  const dd = String(day).padStart(2, '0')
  if (precision === 'year') return `${year}`
  if (precision === 'month') return `${year}-${mm}`
  return `${year}-${mm}-${dd}`
}

/** `asOf` on figures is kept as the source wrote it: YYYY, YYYY-MM or YYYY-MM-DD. */
export function isPartialDateText(text: string): boolean {
  return partialDatePattern.test(text)
}

export function formatPartialDateText(text: string, locale: 'zh' | 'en' = 'zh'): string {
  const { date, precision } = parsePartialDate(text)
  return formatPartialDate(date, precision, locale)
}

const shanghaiClock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: siteTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

const shanghaiCalendarDay = new Intl.DateTimeFormat('zh-CN', { timeZone: siteTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The Shanghai calendar day of a moment, as the admin's tables show it: `2026/05/01`. */
export const formatShanghaiDay = (date: Date | string): string => shanghaiCalendarDay.format(new Date(date))

/** A moment in Shanghai time for editors: `2026-05-01 16:00:03` (or without the seconds). */
export function formatShanghaiTime(date: Date | string, { seconds = true } = {}): string {
  const text = shanghaiClock.format(new Date(date)).replace(/\//g, '-')
  return seconds ? text : text.slice(0, -3)
}
