/**
 * `npm run export -- <folder> [--as <email>]`: writes the content the account may read in its
 * districts (everything for an admin) as an importable folder; see README → Import and export.
 */
import fs from 'node:fs'

import { exportContent } from '../cms/transfer/exportData'
import { actingUser, positional } from './lib/acting-user'
import { openPayload } from './lib/payload'

const args = process.argv.slice(2)
const dir = positional(args)
if (!dir) {
  console.error('用法 / Usage: npm run export -- <folder> [--as <email>]')
  process.exit(2)
}
if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
  console.error(`错误：${dir} 不是空文件夹，请换一个 / Error: ${dir} is not empty`)
  process.exit(2)
}
const payload = await openPayload()
try {
  const user = await actingUser(payload, args)
  console.log(`导出到 ${dir}，用户 ${user.email} / Exporting as ${user.email}`)
  const report = await exportContent(payload, { dir, user, log: (line) => console.log(line) })
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0)
  console.log(
    `完成：${total} 条记录、${report.files} 个文件，用时 ${report.seconds.toFixed(1)} 秒 / Done: ${total} records, ${report.files} files, ${report.seconds.toFixed(1)} s`,
  )
} finally {
  await payload.destroy()
}
