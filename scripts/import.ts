/**
 * `npm run import -- <folder|file.json> [--dry-run] [--publish] [--as <email>]`: loads a dataset
 * (what `npm run export` writes, or one JSON file with a key per collection); see README → Import and export.
 */
import { importContent } from '../cms/transfer/importContent'
import { formatProblem, ImportRefused } from '../cms/transfer/problems'
import { actingUser, positional } from './lib/acting-user'
import { openPayload } from './lib/payload'

const args = process.argv.slice(2)
const input = positional(args)
if (!input) {
  console.error('用法 / Usage: npm run import -- <folder|file.json> [--dry-run] [--publish] [--as <email>]')
  process.exit(2)
}
const dryRun = args.includes('--dry-run')
const payload = await openPayload()
let code = 0
try {
  const user = await actingUser(payload, args)
  console.log(`${dryRun ? '试运行（不写入）' : '导入'} ${input}，用户 ${user.email} / ${dryRun ? 'Dry run' : 'Importing'} as ${user.email}`)
  const report = await importContent(payload, {
    input,
    user,
    dryRun,
    publish: args.includes('--publish'),
    log: (line) => console.log(line),
  })
  const existing = Object.values(report.existing).reduce((a, b) => a + b, 0)
  console.log(
    `${dryRun ? '试运行通过，已回滚：将' : '完成：'}新建 ${report.total} 条，已存在 ${existing} 条，用时 ${report.seconds.toFixed(1)} 秒（${report.docsPerSecond.toFixed(1)} 条/秒） / ` +
      `${dryRun ? 'Dry run passed, rolled back: would create' : 'Done: created'} ${report.total}, ${existing} already present, ${report.seconds.toFixed(1)} s (${report.docsPerSecond.toFixed(1)} docs/s)`,
  )
} catch (error) {
  if (!(error instanceof ImportRefused)) throw error
  console.error(
    error.rolledBack
      ? '导入失败，已全部回滚 / Import failed and was rolled back:'
      : `发现 ${error.problems.length} 个问题，未写入任何内容 / ${error.problems.length} problems, nothing written:`,
  )
  for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`)
  code = 1
} finally {
  await payload.destroy()
}
process.exit(code)
