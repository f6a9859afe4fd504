/**
 * Bench step: `npm run export` of the benchmark dataset, then `npm run import -- --publish` of that
 * folder into an empty database — each as the real script in its own process, as an operator runs
 * them. Reports the export's time and the import's rate (docs/s, uploads included) from the
 * scripts' own summary lines, and each process's peak memory.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Measure } from './measure-process'

export type TransferResult = {
  exportedRecords: number
  exportedFiles: number
  exportSeconds: number
  exportPeakRssMB: number
  importedDocs: number
  importSeconds: number
  importDocsPerSecond: number
  importPeakRssMB: number
}

export async function measureTransfer({
  tsx,
  workDir,
  measure,
  log,
}: {
  tsx: string
  workDir: string
  measure: Measure
  log: (line: string) => void
}): Promise<TransferResult> {
  fs.rmSync(workDir, { recursive: true, force: true })
  const folder = path.join(workDir, 'export')
  const exported = await measure([tsx, 'scripts/export.ts', folder], {}, /条|Done|完成/)
  if (exported.code !== 0) throw new Error(`npm run export exited with ${exported.code}:\n${exported.output.slice(-3000)}`)
  const [, records, files, exportSeconds] = /Done: (\d+) records, (\d+) files, ([\d.]+) s/.exec(exported.output) ?? []
  const target = { DATABASE_URI: `file:${path.join(workDir, 'cms.db')}`, MEDIA_DIR: path.join(workDir, 'media') }
  const imported = await measure([tsx, 'scripts/import.ts', folder, '--publish'], target, /条\/秒|docs\/s/)
  if (imported.code !== 0) throw new Error(`npm run import exited with ${imported.code}:\n${imported.output.slice(-3000)}`)
  const [, docs, importSeconds, rate] =
    /Done: created (\d+), \d+ already present, ([\d.]+) s \(([\d.]+) docs\/s\)/.exec(imported.output) ?? []
  const result: TransferResult = {
    exportedRecords: Number(records),
    exportedFiles: Number(files),
    exportSeconds: Number(exportSeconds),
    exportPeakRssMB: exported.peakRssMB,
    importedDocs: Number(docs),
    importSeconds: Number(importSeconds),
    importDocsPerSecond: Number(rate),
    importPeakRssMB: imported.peakRssMB,
  }
  log(
    `  export: ${result.exportedRecords} records + ${result.exportedFiles} files in ${result.exportSeconds.toFixed(1)} s (peak ${result.exportPeakRssMB} MB)`,
  )
  log(
    `  import into an empty database: ${result.importedDocs} docs in ${result.importSeconds.toFixed(1)} s = ${result.importDocsPerSecond.toFixed(1)} docs/s (peak ${result.importPeakRssMB} MB)`,
  )
  return result
}
