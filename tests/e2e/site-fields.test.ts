/**
 * Field coverage (issue 18): a fully filled record of each visitor-facing kind — every field,
 * in groups, array rows and tabs too, filled from the collections' own field definitions with a
 * value of its own (tests/helpers/fieldKinds.ts: markers for text, dates at a precision, numbers,
 * select options, links to related records, pictures, PDFs, a point, an e-mail address …) — is
 * built into a site, and each field must be on the item's page in its shown form (the formatted
 * date, the option's label, a link to the related page, the picture's file …). A field the walk
 * cannot fill must be editor-only (site/lib/fieldCoverage.ts, with its reason), so a new field
 * fails here, named by its path, until a page shows it or it is listed.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { CollectionSlug, Field, Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { detailPath, editorOnlyFields, type VisitorCollection } from '../../site/lib/fieldCoverage'
import { buildSites } from '../helpers/build'
import {
  fillField,
  fillPartialDate,
  isPartialDateGroup,
  namedFields,
  Values,
  type BuiltPage,
  type Filled,
  type WalkContext,
} from '../helpers/fieldKinds'
import { baseFixtures, day } from '../helpers/fixtures'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'

const collections: VisitorCollection[] = ['news', 'activities', 'stations', 'brands', 'campaigns']
const site = '/test-subdistrict'

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

/** Fills every field the walk knows with a value of its own, recording how the page must show it. */
async function filled(
  fields: Field[],
  checks: Map<string, Filled>,
  prefix: string,
  values: Values,
  ctx: WalkContext,
  out: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') await filled(field.fields, checks, prefix, values, ctx, out)
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name)
          out[tab.name] = await filled(
            tab.fields,
            checks,
            `${prefix}${tab.name}.`,
            values,
            ctx,
            (out[tab.name] as Record<string, unknown>) ?? {},
          )
        else await filled(tab.fields, checks, prefix, values, ctx, out)
      }
    }
    // Timestamps are set by Payload, not by editors (pages use updatedAt as dateModified/lastmod: site-content.test.ts).
    if (!('name' in field) || editorOnlyFields[field.name] || ['updatedAt', 'createdAt'].includes(field.name)) continue
    const path = `${prefix}${field.name}`
    if (isPartialDateGroup(field)) {
      const date = fillPartialDate(values)
      out[field.name] = date.value
      // One expectation covers the date, its precision and its note (shown as the 推断 flag).
      for (const part of field.type === 'group' ? namedFields(field.fields) : [])
        if ('name' in part) checks.set(`${path}.${part.name}`, date)
    } else if (field.type === 'group') out[field.name] = await filled(field.fields, checks, `${path}.`, values, ctx)
    else if (field.type === 'array') out[field.name] = [await filled(field.fields, checks, `${path}.`, values, ctx)]
    else {
      const value = await fillField(field, path, values, ctx)
      if (!value) continue
      out[field.name] = value.value
      checks.set(path, value)
    }
  }
  return out
}

/** A minimal one-page PDF (the attachment screening accepts it). */
const pdf = () =>
  Buffer.from(
    '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n',
    'latin1',
  )

/** A published record per collection the walk links to, each with slug `linked`. */
async function linkedRecords(payload: Payload, district: number): Promise<Record<string, number>> {
  const common = { slug: 'linked', district, _status: 'published' }
  const station = await payload.create({ collection: 'stations', data: { ...common, name: '关联阵地', kind: 'station' } as never })
  const brand = await payload.create({ collection: 'brands', data: { ...common, name: '关联品牌' } as never })
  const news = await payload.create({ collection: 'news', data: { ...common, title: '关联新闻', publishedOn: day('2020-05-06') } as never })
  const activity = await payload.create({
    collection: 'activities',
    data: { ...common, title: '关联活动', date: day('2020-05-07') } as never,
  })
  return { stations: station.id, brands: brand.id, news: news.id, activities: activity.id }
}

let cms: TestCms
const checks = new Map<VisitorCollection, Map<string, Filled>>()
const builtPage = (collection: VisitorCollection): BuiltPage => {
  const html = fs.readFileSync(path.join(cms.dir, 'dist', site.slice(1), detailPath(collection, 'full'), 'index.html'), 'utf8')
  return { html, text: html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ') }
}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { child } = await baseFixtures(payload)
  const png = await pngBuffer()
  const ctx: WalkContext = {
    site,
    district: child.id,
    linked: await linkedRecords(payload, child.id),
    upload: async (relationTo, name) => {
      const document =
        relationTo === 'documents'
          ? await payload.create({
              collection: 'documents',
              data: { title: `附件${name}` },
              file: { data: pdf(), mimetype: 'application/pdf', name: `${name}.pdf`, size: pdf().length },
            })
          : await payload.create({
              collection: 'media',
              data: { alt: `图片${name}` },
              file: { data: png, mimetype: 'image/png', name: `${name}.png`, size: png.length },
            })
      return { id: document.id, filename: document.filename! }
    },
  }
  const values = new Values()
  for (const collection of collections) {
    const own = new Map<string, Filled>()
    checks.set(collection, own)
    const data = await filled(payload.collections[collection as CollectionSlug].config.fields, own, '', values, ctx, {
      _status: 'published',
    })
    await payload.create({ collection, data: data as never })
  }
  await payload.destroy()
  await buildSites(path.join(cms.dir, 'dist'), { districts: ['test-subdistrict'], env: { SITE_ORIGIN: 'https://dangjian.example' } })
}, 600_000)
afterAll(async () => cms?.cleanup())

describe.each(collections)('%s', (collection) => {
  it('every field of a full record is on its page, in its shown form', () => {
    const page = builtPage(collection)
    const missing = [...checks.get(collection)!]
      .filter(([, check]) => !check.shown(page))
      .map(([field, check]) => `${field} (${check.how})`)
    expect(missing, 'not shown on the page as expected: show them, or list them in site/lib/fieldCoverage.ts with a reason').toEqual([])
  })

  it('every field the walk could not fill is editor-only, with a reason', async () => {
    const { default: configPromise } = await import('../../cms/payload.config')
    const config = await configPromise
    const fields = config.collections.find((c) => c.slug === collection)!.fields
    const walked = checks.get(collection)!
    const unlisted = leaves(fields)
      .filter((leaf) => !['updatedAt', 'createdAt'].includes(leaf.name))
      .filter((leaf) => !walked.has(leaf.path) && !editorOnlyFields[leaf.name])
      .map((leaf) => `${leaf.path} (${leaf.type})`)
    expect(unlisted, 'neither shown nor editor-only').toEqual([])
  })
})
