/**
 * The demo dataset's files (cms/seed/data, copied from the project's factual demo content) and
 * the conversions from their JSON shapes to Payload field values.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { parsePartialDate, type PartialDate } from '../../shared/dates'
import type { Figure } from '../../shared/figures'

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the demo dataset's JSON records, each collection shaped differently
export type Raw = Record<string, any>
export const seedFiles = ['districts', 'stations', 'brands', 'activities', 'news', 'campaigns'] as const
export type SeedCollection = (typeof seedFiles)[number]
/** The id of every seeded record, by collection and slug. */
export type SeedIds = Record<SeedCollection, Map<string, number>>

export function loadSeedData(): Record<SeedCollection, Raw[]> {
  return Object.fromEntries(
    seedFiles.map((name) => [name, JSON.parse(fs.readFileSync(path.join(dataDir, `${name}.json`), 'utf8')) as Raw[]]),
  ) as Record<SeedCollection, Raw[]>
}

/** data/english.json: a few records' English versions, by collection and slug. */
export function loadEnglish(): Record<string, { slug: string; en: Raw }[]> {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'english.json'), 'utf8')) as Record<string, { slug: string; en: Raw }[]>
}

/** A partial-date field value from the dataset's date text ("2021", "2021-06", "2021-06-01"). */
export const partial = (text: string | null | undefined, note?: string | null) => {
  if (!text) return undefined
  const { date, precision }: PartialDate = parsePartialDate(text)
  return { date, precision, note: note ?? undefined }
}

export const figures = (list: Figure[] | undefined) =>
  (list ?? []).map((f) => ({
    label: f.label,
    value: String(f.value),
    unit: f.unit ?? undefined,
    qualifier: f.qualifier ?? undefined,
    asOf: f.asOf ?? undefined,
  }))

/** Orders records so that a parent always comes before its children. */
export function parentsFirst(records: Raw[], parentKey: string): Raw[] {
  const bySlug = new Map(records.map((r) => [r.slug, r]))
  const depth = (r: Raw, seen = new Set<string>()): number => {
    const parent = r[parentKey] && bySlug.get(r[parentKey])
    if (!parent || seen.has(r.slug)) return 0
    seen.add(r.slug)
    return 1 + depth(parent, seen)
  }
  return [...records].sort((a, b) => depth(a) - depth(b))
}
