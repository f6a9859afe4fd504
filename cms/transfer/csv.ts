/**
 * Records as CSV for spreadsheets: one column per top-level field (in order of first appearance),
 * nested values (groups, lists, rich text, {zh, en}) as JSON in their cell. UTF-8 with a BOM so that
 * Excel reads the Chinese; cells a spreadsheet would run as a formula are prefixed with ' (CSV injection).
 */
export function recordsToCsv(records: Record<string, unknown>[]): string {
  const columns: string[] = []
  for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key)
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
    if (/^[=+@\t\r]|^-(?!\d)/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const lines = [columns.map(cell).join(','), ...records.map((record) => columns.map((column) => cell(record[column])).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** What `recordsToCsv` put in a cell, back as the field's value: JSON for nested values, numbers and true/false by field type. */
export function csvRowToRecord(row: Record<string, string>, fields: { name: string; type: string }[]): Record<string, unknown> {
  const record: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(row)) {
    if (raw === '') continue
    const cell = /^'[=+@\t\r-]/.test(raw) ? raw.slice(1) : raw
    const type = fields.find((f) => f.name === key)?.type
    let value: unknown = cell
    if (/^[[{]/.test(cell)) {
      try {
        value = JSON.parse(cell)
      } catch {
        // not JSON: the text itself, reported by the checks if the field wants something else
      }
    } else if (type === 'number' && cell.trim() !== '' && Number.isFinite(Number(cell))) value = Number(cell)
    else if (type === 'checkbox' && (cell === 'true' || cell === 'false')) value = cell === 'true'
    record[key] = value
  }
  return record
}
