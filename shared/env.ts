/**
 * Numbers from the environment, one rule for the whole project: unset, empty or not a number →
 * the fallback. Durations and debounces may be 0 (off); limits and budgets must be positive.
 */
export function envNumber(name: string, fallback: number, { positive = false }: { positive?: boolean } = {}): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value)) return fallback
  return (positive ? value > 0 : value >= 0) ? value : fallback
}

/** A positive number from the environment (limits, budgets, counts), else `fallback`. */
export const envPositive = (name: string, fallback: number): number => envNumber(name, fallback, { positive: true })
