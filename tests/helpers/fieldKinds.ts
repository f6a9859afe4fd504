/**
 * The field walk's kinds (issue 18, tests/e2e/site-fields.test.ts): for each kind of field, a
 * value of its own to store and one small expectation saying how the built page must show it —
 * free text as itself, a date at its precision, a number, a select's label, a relationship as a
 * link to the related record's page, an upload as its picture or download link, and so on.
 */
import type { Field } from 'payload'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { formatPartialDate, formatPartialDateText, isoAtPrecision, parsePartialDate } from '../../shared/dates'
import type { DatePrecision, Label } from '../../shared/vocabulary'

/** A built page: its HTML and its visible text (tags and scripts removed). */
export type BuiltPage = { html: string; text: string }
/** A stored value and how the page must show it. */
export type Filled = { value: unknown; how: string; shown: (page: BuiltPage) => boolean }

/** Records and files the walk links to, made before it runs. */
export type WalkContext = {
  /** The site's path prefix, e.g. `/test-subdistrict`. */
  site: string
  /** The id of the record's own district (the site it is built into). */
  district: number
  /** A published record per related collection, slug `linked`. */
  linked: Record<string, number>
  /** Uploads a picture / a PDF named after the field; resolves to its id and stored file name. */
  upload: (relationTo: string, name: string) => Promise<{ id: number; filename: string }>
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// ── expectations, one per kind ────────────────────────────────────────────────
const showsText = (marker: string) => (page: BuiltPage) => page.text.includes(marker)
/** A `<time>` with the machine date and the Chinese date at one precision (never a raw ISO string). */
const showsDate =
  (date: string, precisions: DatePrecision[], { inferred = false } = {}) =>
  (page: BuiltPage) =>
    precisions.some((p) =>
      new RegExp(`<time datetime="${isoAtPrecision(date, p)}"([^>]*)>${escape(formatPartialDate(date, p))}</time>`)
        .exec(page.html)
        ?.slice(1)
        .some((attributes) => !inferred || attributes.includes('title="日期为编辑推断"')),
    )
const showsNumber = (n: number) => (page: BuiltPage) => page.text.includes(String(n)) || page.text.includes(n.toLocaleString('zh-CN'))
/** A qualifier (约/近/超过) stands right before the figure it qualifies. */
const showsQualifier = (label: string) => (page: BuiltPage) => new RegExp(`${escape(label)}(\\d|标记)`).test(page.text)
const showsLabel = (label: string) => (page: BuiltPage) => page.text.includes(label)
const linksTo = (href: string) => (page: BuiltPage) => page.html.includes(`href="${href}"`)
/** A picture from the upload: one of its sizes in a src or srcset. */
const showsPicture = (filename: string) => (page: BuiltPage) =>
  new RegExp(`(src|srcset)="[^"]*/media/${escape(filename.replace(/\.\w+$/, ''))}[-.]`).test(page.html)
const showsInHtml = (fragment: string) => (page: BuiltPage) => page.html.includes(fragment)

// ── values ────────────────────────────────────────────────────────────────────
/** Distinct values per field: markers 标记N号, dates in year 2000+N, numbers 7000+N. */
export class Values {
  private n = 0
  next() {
    return ++this.n
  }
  marker() {
    return `标记${this.next()}号`
  }
  /** A partial date at a precision that changes from field to field; later fields get later dates. */
  partialDate(): { text: string; precision: DatePrecision } {
    const n = this.next()
    const precision = (['month', 'year', 'day'] as const)[n % 3]!
    const [mm, dd] = [String((n % 12) + 1).padStart(2, '0'), String((n % 27) + 1).padStart(2, '0')]
    const text = precision === 'year' ? `${2000 + n}` : precision === 'month' ? `${2000 + n}-${mm}` : `${2000 + n}-${mm}-${dd}`
    return { text, precision }
  }
}

const optionLabels = (field: Field) =>
  'options' in field ? field.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label })) : []

/**
 * The value and expectation for one named field, or undefined for a kind the walk does not know
 * (the test then names the field as neither shown nor editor-only).
 */
export async function fillField(field: Field, path: string, values: Values, ctx: WalkContext): Promise<Filled | undefined> {
  if (!('name' in field)) return undefined
  const name = field.name
  if (name === 'slug') return { value: 'full', how: '页面网址 / the page URL', shown: showsInHtml(`/full/"`) }
  if (name === 'color') return { value: '#1b6f4a', how: '品牌色：页面的品牌色条 / the brand colour bar', shown: showsInHtml('#1b6f4a') }
  if (name === 'website') {
    const url = `https://site-${values.next()}.example/`
    return { value: url, how: '网站链接 / website link', shown: linksTo(url) }
  }
  if (name === 'asOf') {
    const { text } = values.partialDate()
    return { value: text, how: '统计时间（截至…） / as-of date', shown: showsText(`截至${formatPartialDateText(text)}`) }
  }
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const marker = values.marker()
      return { value: 'hasMany' in field && field.hasMany ? [marker] : marker, how: '文字 / as text', shown: showsText(marker) }
    }
    case 'richText': {
      const marker = values.marker()
      return { value: paragraphsToLexical(marker), how: '正文 / as text', shown: showsText(marker) }
    }
    case 'email': {
      const email = `field-${values.next()}@example.org`
      return { value: email, how: '邮箱链接 / e-mail link', shown: linksTo(`mailto:${email}`) }
    }
    case 'number': {
      const n = 7000 + values.next()
      return { value: n, how: '数字 / the number', shown: showsNumber(n) }
    }
    case 'select': {
      const options = optionLabels(field)
      const { value, label } = options[values.next() % options.length]!
      const zh = typeof label === 'string' ? label : (label as Label).zh
      return /qualifier/i.test(name)
        ? { value, how: '数字前的约/近/超过 / before its figure', shown: showsQualifier(zh) }
        : { value, how: '选项的中文名 / the option label', shown: showsLabel(zh) }
    }
    case 'date': {
      const { text } = values.partialDate()
      const date = parsePartialDate(text).date
      return { value: date, how: '日期 / formatted date', shown: showsDate(date, ['day', 'month', 'year']) }
    }
    case 'point': {
      const n = values.next()
      const [lng, lat] = [121 + n / 1000, 31 + n / 1000]
      return {
        value: [lng, lat],
        how: '位置示意（坐标） / map island',
        shown: (page) => page.html.includes(String(lng)) && page.html.includes(String(lat)),
      }
    }
    case 'relationship': {
      if (field.relationTo === 'districts' && !('hasMany' in field && field.hasMany))
        return { value: ctx.district, how: '所在站点 / the site it is on', shown: linksTo(`${ctx.site}/`) }
      const to = String(field.relationTo)
      const id = ctx.linked[to]
      if (!id) return undefined
      return { value: field.hasMany ? [id] : id, how: '相关记录的链接 / link to its page', shown: linksTo(`${ctx.site}/${to}/linked/`) }
    }
    case 'upload': {
      const to = String(field.relationTo)
      const { id, filename } = await ctx.upload(to, path.replaceAll('.', '-'))
      const value = field.hasMany ? [id] : id
      return to === 'documents'
        ? { value, how: '附件下载链接 / download link', shown: linksTo(`${ctx.site}/media/${filename}`) }
        : { value, how: '图片 / picture', shown: showsPicture(filename) }
    }
  }
  return undefined
}

/** A date with precision (group of date, precision, note): the date at its precision, flagged when inferred. */
export function fillPartialDate(values: Values): Filled {
  const { text, precision } = values.partialDate()
  const { date } = parsePartialDate(text)
  return {
    value: { date, precision, note: values.marker() },
    how: '日期按精度显示，有说明时标“日期为编辑推断” / at its precision, flagged as inferred',
    shown: showsDate(date, [precision], { inferred: true }),
  }
}

/** The named fields of a list, through rows and collapsibles (which have no name of their own). */
export const namedFields = (fields: Field[]): Field[] =>
  fields.flatMap((f) => (f.type === 'row' || f.type === 'collapsible' ? namedFields(f.fields) : 'name' in f ? [f] : []))

export const isPartialDateGroup = (field: Field) =>
  field.type === 'group' && ['date', 'precision'].every((n) => namedFields(field.fields).some((f) => 'name' in f && f.name === n))
