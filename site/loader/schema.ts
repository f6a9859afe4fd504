/**
 * What the site relies on in each collection's entries: the loader refuses a document that breaks
 * it (naming collection, id and field) instead of building a page from it, and the pages' types are
 * these schemas' inferred types (site/lib/content.ts). The Payload fields are checked against
 * cms/payload-types.ts at compile time (tests/unit/loader-schema.test.ts), so a field renamed or
 * retyped in the CMS breaks the typecheck. Objects are loose: fields not described here pass through.
 */
import { z } from 'astro/zod'

/** A document id: a number on SQLite, a string on MongoDB. */
const id = z.union([z.number(), z.string()])
/**
 * A relationship: the related document's id, as the loader reads it (depth 0). A populated document
 * (an admin form's state in preview) is read as its id, so pages get ids either way.
 */
const ref = z.union([id, z.looseObject({ id }).transform((doc) => doc.id)])
const refs = z.array(ref).nullish()
const text = z.string().nullish()
const qualifier = z.enum(['about', 'nearly', 'over']).nullish()
const precision = z.enum(['day', 'month', 'year'])
/** A date at day, month or year precision (shared/dates.ts); `date` may be empty only where the CMS allows it. */
const partialDate = z.looseObject({ date: z.string(), precision, note: text })
const optionalPartialDate = z.looseObject({ date: text, precision, note: text })
const figures = z.array(z.looseObject({ label: z.string(), value: z.string(), unit: text, qualifier, asOf: text, id: text })).nullish()
const named = z.array(z.looseObject({ name: z.string(), description: text, id: text })).nullish()
const contact = z.looseObject({ phone: text, email: text, address: text, website: text }).optional()

/** One of the sizes Payload makes of an image (cms/collections/Media.ts), as WebP or as AVIF. */
const imageFile = z.looseObject({ filename: text, width: z.number().nullish(), height: z.number().nullish() }).optional()

/** Every document: its id and timestamps (updatedAt is the loader's digest). */
const stored = { id, updatedAt: z.string(), createdAt: z.string() }
/** Documents with pages: their address, old addresses (redirect pages) and district. */
const addressed = { slug: z.string(), formerSlugs: z.array(z.string()).nullish(), district: ref }

/** Payload's fields the site reads, per collection (the part checked against payload-types.ts). */
export const payloadShapes = {
  districts: {
    ...stored,
    name: z.string(),
    slug: z.string(),
    level: z.enum(['district', 'subdistrict', 'town', 'zone']),
    parent: ref.nullish(),
    summary: text,
    facts: figures,
    site: z.looseObject({ title: text, themeColor: text, heroImage: ref.nullish(), baseUrl: text, contact }).optional(),
  },
  stations: {
    ...stored,
    ...addressed,
    name: z.string(),
    kind: z.enum(['hub', 'station', 'micro-station', 'partner-venue', 'workstation', 'exhibition-base']),
    parentStation: ref.nullish(),
    summary: text,
    building: text,
    floor: text,
    address: text,
    location: z.tuple([z.number(), z.number()]).nullish(),
    areaSqm: z.number().nullish(),
    areaQualifier: qualifier,
    openedOn: optionalPartialDate,
    openingHours: text,
    contact,
    belt: text,
    zones: named,
    services: z.array(z.looseObject({ name: z.string(), id: text })).nullish(),
    figures,
    milestones: z.array(z.looseObject({ label: z.string(), on: partialDate, id: text })).nullish(),
    gallery: refs,
  },
  brands: {
    ...stored,
    ...addressed,
    name: z.string(),
    parentBrand: ref.nullish(),
    tagline: text,
    launchedOn: optionalPartialDate,
    ownerOrg: text,
    summary: text,
    values: named,
    components: z.array(z.looseObject({ name: z.string(), id: text })).nullish(),
    figures,
    logo: ref.nullish(),
    color: text,
    relatedStations: refs,
  },
  news: {
    ...stored,
    ...addressed,
    title: z.string(),
    publishedOn: partialDate,
    byline: text,
    cover: ref.nullish(),
    summary: text,
    attachments: refs,
    tags: z.array(z.string()).nullish(),
    relatedBrands: refs,
    relatedStations: refs,
    relatedActivities: refs,
  },
  activities: {
    ...stored,
    ...addressed,
    title: z.string(),
    date: partialDate,
    endDate: text,
    venue: text,
    station: ref.nullish(),
    brand: ref.nullish(),
    organisers: z.array(z.string()).nullish(),
    participants: z.number().nullish(),
    participantsQualifier: qualifier,
    figures,
    gallery: refs,
    summary: text,
    attachments: refs,
  },
  campaigns: {
    ...stored,
    ...addressed,
    title: z.string(),
    brand: ref.nullish(),
    startsOn: partialDate,
    endsOn: text,
    banner: ref.nullish(),
    summary: text,
    featuredNews: refs,
    featuredActivities: refs,
    relatedStations: refs,
    targetDistricts: refs,
  },
  media: {
    ...stored,
    alt: z.string(),
    caption: text,
    credit: text,
    filename: text,
    width: z.number().nullish(),
    height: z.number().nullish(),
    sizes: z
      .looseObject({
        thumbnail: imageFile,
        thumbnailAvif: imageFile,
        card: imageFile,
        cardAvif: imageFile,
        heroSmall: imageFile,
        heroSmallAvif: imageFile,
        hero: imageFile,
        heroAvif: imageFile,
        og: imageFile,
        ogAvif: imageFile,
      })
      .optional(),
  },
  documents: { ...stored, title: z.string(), filename: text, filesize: z.number().nullish() },
}

/** English fields of a translated document (the loader's toEntryData): its English pages are made from these. */
export const englishSchema = z.object({
  title: z.string().optional(),
  name: z.string().optional(),
  summary: z.string().optional(),
  bodyHtml: z.string().optional(),
})
/** What the loader adds: rich text as HTML, and English for translated documents. */
const added = { bodyHtml: z.string().optional(), en: englishSchema.optional() }

export const siteSchemas = {
  districts: z.looseObject({ ...payloadShapes.districts, ...added }),
  stations: z.looseObject({ ...payloadShapes.stations, ...added }),
  brands: z.looseObject({ ...payloadShapes.brands, ...added }),
  news: z.looseObject({ ...payloadShapes.news, ...added }),
  activities: z.looseObject({ ...payloadShapes.activities, ...added }),
  campaigns: z.looseObject({ ...payloadShapes.campaigns, ...added }),
  media: z.looseObject(payloadShapes.media),
  documents: z.looseObject(payloadShapes.documents),
}
export type SiteSchemas = typeof siteSchemas

const chinese = z.locales.zhCN().localeError

/**
 * An entry's data checked against its collection's schema: the parsed data, or an error in Chinese
 * naming the collection, the document and the field, e.g. `news #12 的字段 slug 不符合站点要求：…`.
 */
export function parseEntry<S extends z.ZodType>(schema: S, collection: string, id: string, data: unknown): z.output<S> {
  const result = schema.safeParse(data, { error: chinese })
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `字段 ${issue.path.join('.') || '（整个文档）'}：${issue.message}`)
  throw new Error(`站点内容：${collection} #${id} 不符合站点要求（site/loader/schema.ts）——${problems.join('；')}`)
}
