import fs from 'node:fs'
import path from 'node:path'

import { parse as parseCsv } from 'csv-parse/sync'
import type { Payload } from 'payload'

import { slugPattern } from '../fields/slug'
import { checkValues } from './checks'
import { csvRowToRecord } from './csv'
import { describeRecord, type ImportProblem } from './problems'
import type { ReferenceIndex } from './references'
import { filesFolder, serverOwnedFields, transferCollections, type TransferCollection } from './spec'
import { mapRelations } from './walk'
import type { LooseRecord } from '../../shared/looseRecord'

type Id = number | string
/** `csv`: the records are rows of text cells, typed by the collection's fields when planned. */
export type ImportSource = { folder: string; files: Map<string, { file: string; records: unknown[]; csv?: boolean }> }
export type PlannedRecord = {
  spec: TransferCollection
  file: string
  record: string
  data: LooseRecord
  /** The id of the record already in the database with the same identity: left as it is. */
  existingId?: Id
  /** Stands for the record's id in references until it is written. */
  placeholder: string
}

const isObject = (value: unknown): value is LooseRecord => typeof value === 'object' && value !== null && !Array.isArray(value)

function parseJson(file: string, label: string, problems: ImportProblem[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    problems.push({ file: label, zh: `不是有效的 JSON（${(error as Error).message}）`, en: 'not valid JSON' })
    return undefined
  }
}

/** A CSV file as written by the admin's 导出 CSV: a header row of field names, then one row per record. */
function parseCsvFile(file: string, label: string, problems: ImportProblem[]): Record<string, string>[] | undefined {
  try {
    return parseCsv(fs.readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[]
  } catch (error) {
    problems.push({ file: label, zh: `不是有效的 CSV（${(error as Error).message}）`, en: 'not valid CSV' })
    return undefined
  }
}

/** `news.csv` or `news-2026-11-29.csv` (the admin's download) → news. */
const csvCollection = (name: string, known: Set<string>) =>
  [...known].find((c) => name === `${c}.csv` || name.startsWith(`${c}-`)) ?? name.replace(/\.csv$/i, '')

/**
 * Reads an import: a folder of `<collection>.json` files (what `npm run export` writes), one JSON
 * file with a key per collection, or CSV files as the admin's 导出 CSV writes them (`news.csv`,
 * `news-2026-11-29.csv`). Uploaded files are looked for in `media/` beside them.
 */
export function readImportSource(input: string, problems: ImportProblem[]): ImportSource {
  const known = new Set(transferCollections.map((c) => c.slug as string))
  const files: ImportSource['files'] = new Map()
  const take = (collection: string, label: string, value: unknown, csv = false) => {
    if (!known.has(collection))
      return problems.push({
        file: label,
        zh: `不认识的集合“${collection}”（可导入：${[...known].join('、')}）`,
        en: `unknown collection "${collection}"`,
      })
    if (!Array.isArray(value))
      return problems.push({ file: label, zh: `${collection} 应为记录列表 […]`, en: `${collection} must be a list of records` })
    if (files.has(collection))
      return problems.push({
        file: label,
        zh: `${collection} 已由 ${files.get(collection)!.file} 提供，一次只能导入一个`,
        en: `${collection} is already given by ${files.get(collection)!.file}`,
      })
    files.set(collection, { file: label, records: value, csv })
  }
  const takeCsv = (file: string, label: string) => {
    const rows = parseCsvFile(file, label, problems)
    if (rows) take(csvCollection(path.basename(file).toLowerCase(), known), label, rows, true)
  }
  if (!fs.existsSync(input)) {
    problems.push({ file: input, zh: '文件或文件夹不存在', en: 'no such file or folder' })
    return { folder: input, files }
  }
  if (fs.statSync(input).isDirectory()) {
    for (const name of fs
      .readdirSync(input)
      .filter((n) => /\.(json|csv)$/i.test(n))
      .sort()) {
      if (/\.csv$/i.test(name)) {
        takeCsv(path.join(input, name), name)
        continue
      }
      const value = parseJson(path.join(input, name), name, problems)
      if (value !== undefined) take(name.replace(/\.json$/, ''), name, value)
    }
    return { folder: input, files }
  }
  const label = path.basename(input)
  if (/\.csv$/i.test(input)) {
    takeCsv(input, label)
    return { folder: path.dirname(input), files }
  }
  const value = parseJson(input, label, problems)
  if (value !== undefined && !isObject(value))
    problems.push({ file: label, zh: '应为对象，每个集合一个键：{"news": […], …}', en: 'must be an object with a key per collection' })
  else if (value !== undefined)
    for (const [collection, records] of Object.entries(value)) take(collection, `${label} → ${collection}`, records)
  return { folder: path.dirname(input), files }
}

/** A record's identity across databases: slug, district/slug or file name. */
function identityOf(spec: TransferCollection, data: LooseRecord): string | undefined {
  if (spec.match === 'filename') return typeof data.filename === 'string' && data.filename ? data.filename : undefined
  if (typeof data.slug !== 'string' || !data.slug) return undefined
  if (spec.match === 'slug') return data.slug
  return typeof data.district === 'string' && data.district ? `${data.district}/${data.slug}` : undefined
}

/** Parents before children (a record's parent is in the same collection), by depth in the file. */
function parentsFirst(spec: TransferCollection, records: { data: LooseRecord; index: number }[]) {
  if (!spec.parentField) return records
  const parentKey = spec.parentField
  const bySlug = new Map(records.map((r) => [r.data.slug, r]))
  const depth = (r: (typeof records)[number], seen = new Set<unknown>()): number => {
    const parent = bySlug.get(r.data[parentKey])
    if (!parent || seen.has(r.data.slug)) return 0
    seen.add(r.data.slug)
    return 1 + depth(parent, seen)
  }
  return [...records].sort((a, b) => depth(a) - depth(b))
}

/**
 * Checks every record before anything is written and lists every problem (file, record, field):
 * shape and types, identity, duplicates, files, and that every reference names a record in the
 * database or earlier in the import, and (for a district user) that every record's district is
 * theirs. Returns the records in the order they must be written.
 */
export function planImport(
  payload: Payload,
  source: ImportSource,
  index: ReferenceIndex,
  problems: ImportProblem[],
  scope: 'all' | string[] = 'all',
): PlannedRecord[] {
  const plan: PlannedRecord[] = []
  for (const spec of transferCollections) {
    const entry = source.files.get(spec.slug)
    if (!entry) continue
    const fields = payload.collections[spec.slug].config.flattenedFields
    const ignored = new Set([...serverOwnedFields, ...(spec.editorial ? ['_status'] : [])])
    const seen = new Set<string>()
    const records = entry.csv ? entry.records.map((row) => csvRowToRecord(row as Record<string, string>, fields)) : entry.records
    const valid: { data: LooseRecord; index: number }[] = []
    records.forEach((data, i) => {
      const problem = (field: string | undefined, zh: string, en: string) =>
        problems.push({ file: entry.file, record: describeRecord(data, i), field, zh, en })
      if (!isObject(data)) return problem(undefined, '应为对象 {…}', 'must be an object')
      const valueProblems: { field: string; zh: string; en: string }[] = []
      checkValues(data, fields, valueProblems, '', ignored)
      for (const p of valueProblems) problem(p.field, p.zh, p.en)
      if (spec.match !== 'filename' && typeof data.slug === 'string' && data.slug && !slugPattern.test(data.slug)) {
        problem('slug', '只能用小写字母、数字和连字符（如 xin-hong）', 'lowercase letters, digits and hyphens only')
      }
      if (spec.editorial && data._status !== undefined && data._status !== 'draft' && data._status !== 'published')
        problem('_status', '应为 draft 或 published', 'must be draft or published')
      const identity = identityOf(spec, data)
      if (!identity) {
        const field = spec.match === 'filename' ? 'filename' : typeof data.slug === 'string' && data.slug ? 'district' : 'slug'
        return problem(field, '必填：用于匹配已有记录', 'required to match existing records')
      }
      if (seen.has(identity))
        return problem(
          spec.match === 'filename' ? 'filename' : 'slug',
          `与前面的记录重复（${identity}）`,
          `duplicate of an earlier record (${identity})`,
        )
      seen.add(identity)
      if (spec.match === 'filename' && !index.has(spec.slug, identity) && !fs.existsSync(path.join(source.folder, filesFolder, identity))) {
        problem('filename', `找不到文件 ${filesFolder}/${identity}`, `file ${filesFolder}/${identity} not found`)
      }
      valid.push({ data, index: i })
    })
    const planned = parentsFirst(spec, valid).map(({ data, index: i }): PlannedRecord => {
      const identity = identityOf(spec, data)!
      const existing = index.resolve(spec.slug, identity)
      const placeholder = `planned:${spec.slug}:${i}`
      const record: PlannedRecord = { spec, file: entry.file, record: describeRecord(data, i), data, placeholder }
      if (existing !== undefined && existing !== 'ambiguous') record.existingId = existing
      else index.add(spec, placeholder, { slug: data.slug, filename: data.filename, district: data.district })
      return record
    })
    // References are checked once the whole collection is indexed: a parent may come later in the file.
    for (const record of planned) {
      mapRelations(record.data, fields, ({ path: field, relationTo, value }) => {
        if (value === null || value === undefined) return value
        const problem = (zh: string, en: string) => problems.push({ file: record.file, record: record.record, field, zh, en })
        if (typeof value !== 'string')
          return problem(`应为引用（slug 或文件名），实际是 ${JSON.stringify(value)}`, 'must be a reference (slug or file name)')
        const found = index.resolve(relationTo, value)
        if (found === 'ambiguous')
          problem(
            `“${value}”在多个区域都有，请写成 区域slug/${value}`,
            `"${value}" exists in several districts: write district-slug/${value}`,
          )
        else if (found === undefined)
          problem(
            `找不到 ${relationTo} “${value}”（数据库和导入文件中都没有）`,
            `no ${relationTo} "${value}" in the database or the import`,
          )
        else if (field === 'district' && scope !== 'all' && !String(found).startsWith('planned:') && !scope.includes(String(found))) {
          problem(`区域“${value}”不在您的负责范围内，不能导入到这里`, `district "${value}" is outside your assignment`)
        }
        return value
      })
    }
    plan.push(...planned)
  }
  return plan
}
