/**
 * The site's loader schema (site/loader/schema.ts): checked against cms/payload-types.ts at compile
 * time (`tsc`, run before every test run), and refusing documents that break it with a Chinese error
 * naming the collection, the document and the field.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'

import type * as Payload from '../../cms/payload-types'
import { parseEntry, payloadShapes, siteSchemas } from '../../site/loader/schema'
import type { z } from 'astro/zod'

/** The keys a type names (a loose object's index signature left out). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }
/** Payload's relationship fields hold an id or the document; at depth 0 the site gets ids, strings on MongoDB (ids too). */
type ReadAs<P> = P | (Extract<P, { id: unknown }> extends never ? never : string)
/**
 * The paths at which the schema's type S does not fit Payload's type P: a key Payload lacks, or a
 * value not assignable to Payload's (nulls aside: the schema may allow an empty field Payload requires).
 */
type Misfits<S, P, Path extends string = ''> = [NonNullable<S>] extends [readonly (infer SE)[]]
  ? [NonNullable<P>] extends [readonly (infer PE)[]]
    ? Misfits<SE, PE, `${Path}[]`>
    : Path
  : [NonNullable<S>] extends [Record<string, unknown>]
    ? [NonNullable<P>] extends [object]
      ? {
          [K in KnownKeys<NonNullable<S>>]-?: K extends keyof NonNullable<P>
            ? Misfits<NonNullable<S>[K], NonNullable<P>[K], `${Path}.${K & string}`>
            : `${Path}.${K & string} (not in Payload)`
        }[KnownKeys<NonNullable<S>>]
      : Path
    : [NonNullable<S>] extends [ReadAs<NonNullable<P>> | (Path extends '.id' ? string : never)]
      ? never
      : Path

type Shape<C extends keyof typeof payloadShapes> = z.output<z.ZodObject<(typeof payloadShapes)[C]>>
type PayloadOf = {
  districts: Payload.District
  stations: Payload.Station
  brands: Payload.Brand
  news: Payload.News
  activities: Payload.Activity
  campaigns: Payload.Campaign
  media: Payload.Media
  documents: Payload.Document
}

/** Compiles only when no collection has a misfit; tsc's error then names the field, e.g. `".publishedOn.date"`. */
type NoMisfits<T extends { [C in keyof PayloadOf]: never }> = T
export type SchemaAgreesWithPayload = NoMisfits<{ [C in keyof PayloadOf]: Misfits<Shape<C>, PayloadOf[C]> }>

describe('loader schema', () => {
  it('agrees with cms/payload-types.ts on every field it describes (checked by tsc)', () => {
    expectTypeOf<SchemaAgreesWithPayload>().toEqualTypeOf<{ [C in keyof PayloadOf]: never }>()
    // The check itself catches a renamed and a retyped field.
    expectTypeOf<Misfits<{ titel: string }, Payload.News>>().toEqualTypeOf<'.titel (not in Payload)'>()
    expectTypeOf<Misfits<{ publishedOn: { date: number } }, Payload.News>>().toEqualTypeOf<'.publishedOn.date'>()
    expectTypeOf<Misfits<{ gallery: boolean[] }, Payload.Station>>().toEqualTypeOf<'.gallery[]'>()
    expectTypeOf<Misfits<{ district: string; gallery: string[] }, Payload.Station>>().toEqualTypeOf<never>()
  })

  const news = {
    id: 12,
    title: '新虹街道开展志愿服务',
    slug: 'xin-hong',
    district: 3,
    publishedOn: { date: '2024-03-01T12:00:00.000Z', precision: 'month' },
    updatedAt: '2024-03-02T00:00:00.000Z',
    createdAt: '2024-03-02T00:00:00.000Z',
    someFieldTheSiteDoesNotRead: 1,
  }

  it('passes a document that keeps to it, fields it does not describe included', () => {
    expect(parseEntry(siteSchemas.news, 'news', '12', news)).toEqual(news)
  })

  it('reads a populated relationship (an admin form in preview) as its id, as the store has it', () => {
    expect(
      parseEntry(siteSchemas.news, 'news', '12', { ...news, district: { id: 3, name: '新虹街道' }, relatedStations: [{ id: 'a1' }, 7] }),
    ).toMatchObject({
      district: 3,
      relatedStations: ['a1', 7],
    })
  })

  it('refuses a document without a slug, naming collection, id and field in Chinese', () => {
    expect(() => parseEntry(siteSchemas.news, 'news', '12', { ...news, slug: null })).toThrow(/^站点内容：news #12 .*字段 slug：/)
    expect(() => parseEntry(siteSchemas.news, 'news', '12', { ...news, publishedOn: { date: '2024-03-01' } })).toThrow(
      /字段 publishedOn\.precision：/,
    )
    expect(() => parseEntry(siteSchemas.stations, 'stations', '4', { ...news, name: '站', kind: 'castle' })).toThrow(/字段 kind：/)
  })
})
