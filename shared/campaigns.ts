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
