import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Endpoint, PayloadRequest } from 'payload'

import { isStaff } from '../access/roles'
import { recordsToCsv } from './csv'
import { exportContext, portableRecords } from './exportData'
import { importContent } from './importContent'
import { formatProblem, ImportRefused } from './problems'
import { transferSpec } from './spec'

const json = (body: unknown, status = 200) => Response.json(body, { status })
const refuse = (status: number, message: string) => json({ errors: [{ message }] }, status)

/** The signed-in staff member and the collection named in the path, or the answer refusing them. */
function target(req: PayloadRequest) {
  if (!req.user) return { refusal: refuse(401, '请先登录 / Sign in first') }
  if (!isStaff(req.user)) return { refusal: refuse(403, '只有编辑人员可以导入导出内容 / Only editorial staff may import or export') }
  const slug = String(req.routeParams?.collection ?? '')
  const spec = transferSpec(slug)
  if (!spec || spec.match === 'filename') return { refusal: refuse(404, `不能导入导出“${slug}” / No import or export for "${slug}"`) }
  return { spec, user: req.user }
}

/**
 * The admin's 导出/导入 buttons (cms/admin/TransferButtons.tsx) call these, with the signed-in user's
 * access — the same code as `npm run export` / `npm run import`, one collection at a time:
 *  GET  /api/transfer/<collection>?format=csv|json  the user's districts' records, as a download
 *  POST /api/transfer/<collection>[?dryRun=1]       a chosen file (JSON or CSV, the export's formats) or a JSON list, all or nothing
 */
export const transferEndpoints: Endpoint[] = [
  {
    path: '/transfer/:collection',
    method: 'get',
    handler: async (req) => {
      const { spec, user, refusal } = target(req)
      if (!spec) return refusal
      const format = req.searchParams.get('format') === 'csv' ? 'csv' : 'json'
      const ctx = await exportContext(req.payload, user)
      const records = await portableRecords(req.payload, ctx, spec)
      const stamp = new Date().toISOString().slice(0, 10)
      const body = format === 'csv' ? recordsToCsv(records) : `${JSON.stringify(records, null, 2)}\n`
      return new Response(body, {
        headers: {
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${spec.slug}-${stamp}.${format}"`,
          'Cache-Control': 'no-store',
        },
      })
    },
  },
  {
    path: '/transfer/:collection',
    method: 'post',
    handler: async (req) => {
      const { spec, user, refusal } = target(req)
      if (!spec) return refusal
      // A chosen file (multipart `file`, JSON or CSV by its name), or a JSON list as the body.
      let text: string
      let chosen = ''
      if ((req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
        const file = (await req.formData?.())?.get('file')
        if (!(file instanceof Blob)) return refuse(400, '请选择要导入的文件 / Choose a file to import')
        text = await file.text()
        chosen = path.basename((file as File).name ?? '').slice(0, 100)
      } else text = (await req.text?.()) ?? ''
      const format = /\.csv$/i.test(chosen) ? 'csv' : 'json'
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangjian-import-'))
      const file = path.join(dir, `${spec.slug}.${format}`)
      fs.writeFileSync(file, text)
      try {
        const dryRun = req.searchParams.get('dryRun') === '1'
        const report = await importContent(req.payload, { input: dir, user, dryRun })
        return json({ created: report.created[spec.slug], existing: report.existing[spec.slug], dryRun })
      } catch (error) {
        if (!(error instanceof ImportRefused)) throw error
        // Named after the file the user chose, not the temporary copy.
        const problems = error.problems.map((p) => formatProblem(chosen && p.file === path.basename(file) ? { ...p, file: chosen } : p))
        return json({ errors: [{ message: problems.join('\n') }], problems, rolledBack: error.rolledBack }, 400)
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  },
]
