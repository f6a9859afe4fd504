/**
 * A campaign runs from its start date through its end date (inclusive, in
 * Shanghai); with no end date it runs on. Sites show it only while it runs.
 */
import { shanghaiParts } from './dates'

const dayNumber = (date: Date | string) => {
  const { year, month, day } = shanghaiParts(date)
  return year * 10000 + month * 100 + day
}

export function isCampaignRunning(
  campaign: { startsOn?: { date?: string | null } | null; endsOn?: string | null },
  today: Date = new Date(),
): boolean {
  if (!campaign.startsOn?.date) return false
  const now = dayNumber(today)
  if (dayNumber(campaign.startsOn.date) > now) return false
  return !campaign.endsOn || dayNumber(campaign.endsOn) >= now
}

/**
 * The precision to show a campaign's end date at. The end is a plain date, so an end known only as
 * a year (or month) is stored as that period's last (or first) day: shown at the start's year or
 * month precision when it is such a day, so `2019年起，至2020年` rather than `至2020年12月31日`.
 */
export function endDatePrecision(
  endsOn: Date | string,
  startPrecision: 'year' | 'month' | 'day' | null | undefined,
): 'year' | 'month' | 'day' {
  const { year, month, day } = shanghaiParts(endsOn)
  const lastDayOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (startPrecision === 'year' && ((month === 12 && day === 31) || (month === 1 && day === 1))) return 'year'
  if (startPrecision !== 'day' && startPrecision && (day === lastDayOfMonth || day === 1)) return 'month'
  return 'day'
}
