/**
 * A problem found in an import file, named by file, record (its slug or file name, else its
 * position, counted from 1) and field. Chinese first, English after " / ", like every message here.
 */
export type ImportProblem = { file: string; record?: string; field?: string; zh: string; en: string }

export function describeRecord(record: unknown, index: number): string {
  const r = record as { slug?: unknown; filename?: unknown } | null
  const name =
    typeof r?.slug === 'string' && r.slug
      ? `slug: ${r.slug}`
      : typeof r?.filename === 'string' && r.filename
        ? `filename: ${r.filename}`
        : undefined
  return name ? `第${index + 1}条（${name}）` : `第${index + 1}条`
}

export function formatProblem(problem: ImportProblem): string {
  const where = [problem.file, problem.record, problem.field && `字段 ${problem.field}`].filter(Boolean).join(' ')
  const whereEn = [
    problem.file,
    problem.record
      ?.replace(/^第(\d+)条/, 'record $1')
      .replace('（', ' (')
      .replace('）', ')'),
    problem.field && `field ${problem.field}`,
  ]
    .filter(Boolean)
    .join(' ')
  return `${where}：${problem.zh} / ${whereEn}: ${problem.en}`
}

/** Problems file by file (in the order found), then by record number, so each record's problems read together. */
export function byFileAndRecord(problems: ImportProblem[]): ImportProblem[] {
  const files = [...new Set(problems.map((p) => p.file))]
  const number = (p: ImportProblem) => Number(/^第(\d+)条/.exec(p.record ?? '')?.[1] ?? 0)
  return [...problems].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || number(a) - number(b))
}

/** Thrown when an import is refused or rolled back; `problems` lists everything found. */
export class ImportRefused extends Error {
  override name = 'ImportRefused'
  constructor(
    readonly problems: ImportProblem[],
    readonly rolledBack = false,
  ) {
    super(problems.map(formatProblem).join('\n'))
  }
}

/** The field errors Payload attaches to a refused save (ValidationError and our review refusals). */
export function payloadFieldErrors(error: unknown): { path?: string; message: string }[] {
  const data = (error as { data?: { errors?: { path?: string; field?: string; message?: string }[] } }).data
  const list = data?.errors ?? []
  if (list.length > 0) return list.map((e) => ({ path: e.path ?? e.field, message: e.message ?? String(error) }))
  return [{ message: error instanceof Error ? error.message : String(error) }]
}
