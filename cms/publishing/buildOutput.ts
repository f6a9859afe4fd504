/** Reading a site build's output: its log tail, page count and first error line. */

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

/** The last `lines` lines of a build's output, without colour codes; error lines from earlier are kept in front. */
export function logTail(output: string, lines = 40): string {
  const all = output.replace(ansi, '').replace(/\r\n?/g, '\n').split('\n')
  while (all.length && all[all.length - 1]!.trim() === '') all.pop()
  if (all.length <= lines) return all.join('\n')
  const tail = all.slice(-lines)
  // The reason a build failed can scroll out of the tail behind a stack trace: keep it.
  const errors = all
    .slice(0, -lines)
    .filter((line) => /error|failed|missing|失败/i.test(line) && !/^\s+at /.test(line))
    .slice(-5)
  return [...errors, ...(errors.length ? ['…'] : []), ...tail].join('\n')
}

/** Pages the build-sites output reports for `slug` (its per-site line, else the "Done: N pages" line). */
export function parsePages(output: string, slug: string): number | undefined {
  const text = output.replace(ansi, '')
  const escaped = slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const site = text.match(new RegExp(`\\s${escaped}\\s+(\\d+) pages\\b`))
  const done = text.match(/Done: (\d+) pages\b/)
  const pages = Number(site?.[1] ?? done?.[1])
  return Number.isFinite(pages) ? pages : undefined
}

/** The line that says why a build failed (at most 500 characters). */
export function firstErrorLine(output: string): string | undefined {
  const lines = output
    .replace(ansi, '')
    .split('\n')
    .map((l) => l.trim())
  return (
    lines.find((l) => /Media files referenced by pages are missing/.test(l)) ??
    lines.find((l) => /FAILED|Error:|\[rebuild\]/.test(l)) ??
    lines.filter(Boolean).at(-1)
  )?.slice(0, 500)
}
