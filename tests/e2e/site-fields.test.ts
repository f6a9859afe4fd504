/**
 * Field coverage (issue 18): a fully filled record of each visitor-facing kind — every text,
 * textarea, list-of-text and rich-text field, in groups and array rows too, filled from the
 * collections' own field definitions with a marker of its own — is built into a site, and each
 * marker must be on the item's page. Every other field must be listed in site/lib/fieldCoverage.ts,
 * as editor-only with a reason or with how pages show it; a new field fails here until it is shown
 * or listed.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { CollectionSlug, Field } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { detailPath, editorOnlyFields, shownAs, type VisitorCollection } from '../../site/lib/fieldCoverage'
import { buildSites } from '../helpers/build'
import { baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

const collections: VisitorCollection[] = ['news', 'activities', 'stations', 'brands', 'campaigns']
/** Text with a format of its own (their validators refuse a marker): listed in shownAs. */
const formatted = new Set(['slug', 'color', 'website', 'asOf', 'id', 'formerSlugs'])

type Leaf = { path: string; name: string; type: string }
/** Named leaf fields, with their dotted paths through groups, arrays, rows and tabs. */
function leaves(fields: Field[], prefix = ''): Leaf[] {
  return fields.flatMap((field): Leaf[] => {
    if (field.type === 'row' || field.type === 'collapsible') return leaves(field.fields, prefix)
    if (field.type === 'tabs')
      return field.tabs.flatMap((tab) => leaves(tab.fields, 'name' in tab && tab.name ? `${prefix}${tab.name}.` : prefix))
    if (!('name' in field)) return []
    if (field.type === 'group' || field.type === 'array') {
      if (editorOnlyFields[field.name]) return [{ path: `${prefix}${field.name}`, name: field.name, type: field.type }]
      return leaves(field.fields, `${prefix}${field.name}.`)
    }
    return [{ path: `${prefix}${field.name}`, name: field.name, type: field.type }]
  })
}

/** Fills every free-text field with a marker of its own (recorded in `markers`), one row per array. */
function filled(
  fields: Field[],
  markers: Map<string, string>,
  prefix: string,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') Object.assign(out, filled(field.fields, markers, prefix, out))
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name)
          out[tab.name] = filled(tab.fields, markers, `${prefix}${tab.name}.`, (out[tab.name] as Record<string, unknown>) ?? {})
        else Object.assign(out, filled(tab.fields, markers, prefix, out))
      }
    }
    if (!('name' in field) || editorOnlyFields[field.name] || formatted.has(field.name)) continue
    if (field.name in base && field.type !== 'group') continue
    const path = `${prefix}${field.name}`
    const marker = () => {
      const value = `标记${markers.size + 1}号`
      markers.set(path, value)
      return value
    }
    if (field.type === 'text' || field.type === 'textarea') out[field.name] = 'hasMany' in field && field.hasMany ? [marker()] : marker()
    else if (field.type === 'richText') out[field.name] = paragraphsToLexical(marker())
    else if (field.type === 'group')
      out[field.name] = filled(field.fields, markers, `${path}.`, (base[field.name] as Record<string, unknown>) ?? {})
    else if (field.type === 'array') out[field.name] = [filled(field.fields, markers, `${path}.`)]
  }
  return out
}

let cms: TestCms
const markers = new Map<VisitorCollection, Map<string, string>>()
const pageText = (collection: VisitorCollection) =>
  fs
    .readFileSync(path.join(cms.dir, 'dist', 'test-subdistrict', detailPath(collection, 'full'), 'index.html'), 'utf8')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { child } = await baseFixtures(payload)
  const fieldsOf = (slug: CollectionSlug) => payload.collections[slug].config.fields
  const base: Record<VisitorCollection, Record<string, unknown>> = {
    news: { publishedOn: day('2026-11-02'), _status: 'published' },
    activities: { date: day('2026-10-20'), _status: 'published' },
    stations: { kind: 'station' },
    brands: {},
    campaigns: { startsOn: day('2026-01'), endsOn: '2099-12-31T04:00:00.000Z', _status: 'published' },
  }
  for (const collection of collections) {
    const own = new Map<string, string>()
    markers.set(collection, own)
    const data = filled(fieldsOf(collection), own, '', { slug: 'full', district: child.id, ...base[collection] })
    await payload.create({ collection, data: data as never })
  }
  await payload.destroy()
  await buildSites(path.join(cms.dir, 'dist'), { districts: ['test-subdistrict'], env: { SITE_ORIGIN: 'https://dangjian.example' } })
}, 600_000)
afterAll(async () => cms?.cleanup())

describe.each(collections)('%s', (collection) => {
  it('every free-text field of a full record is on its page', () => {
    const text = pageText(collection)
    const missing = [...markers.get(collection)!].filter(([, marker]) => !text.includes(marker)).map(([field]) => field)
    expect(missing, 'shown nowhere on the page: show them, or list them in site/lib/fieldCoverage.ts with a reason').toEqual([])
  })

  it('every other field is listed as shown elsewhere or editor-only, with a reason', async () => {
    const { default: configPromise } = await import('../../cms/payload.config')
    const config = await configPromise
    const fields = config.collections.find((c) => c.slug === collection)!.fields
    const filledPaths = new Set(markers.get(collection)!.keys())
    const unlisted = leaves(fields)
      .filter((leaf) => !['updatedAt', 'createdAt'].includes(leaf.name))
      .filter((leaf) => !filledPaths.has(leaf.path))
      .filter((leaf) => !editorOnlyFields[leaf.name] && !shownAs[leaf.path] && !shownAs[leaf.name])
      .map((leaf) => `${leaf.path} (${leaf.type})`)
    expect(unlisted).toEqual([])
  })
})
