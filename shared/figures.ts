import { formatPartialDateText, isPartialDateText } from './dates'
import { figureQualifiers, type FigureQualifier } from './vocabulary'

/** A key figure as the sources give it: “近10万人次（截至2019年8月）”. */
export type Figure = {
  label: string
  value: string | number
  unit?: string | null
  qualifier?: FigureQualifier | null
  asOf?: string | null
}

const numberFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })

/** Formats the value part: qualifier + number (grouped) + unit, e.g. 近100,000人次. */
export function formatFigureValue(figure: Figure): string {
  const raw = typeof figure.value === 'number' ? figure.value : String(figure.value ?? '').trim()
  const numeric = typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : null
  const value =
    numeric !== null ? numberFormat.format(numeric) : isPartialDateText(String(raw)) ? formatPartialDateText(String(raw)) : String(raw)
  const qualifier = figure.qualifier ? (figureQualifiers[figure.qualifier]?.zh ?? '') : ''
  return `${qualifier}${value}${figure.unit ?? ''}`
}

/** “截至2019年8月”, or '' when the figure has no as-of date. */
export function formatFigureAsOf(figure: Figure): string {
  if (!figure.asOf) return ''
  return isPartialDateText(figure.asOf) ? `截至${formatPartialDateText(figure.asOf)}` : `截至${figure.asOf}`
}
