import zlib from 'node:zlib'

import type { CollectionBeforeOperationHook, CollectionConfig } from 'payload'

import { normaliseFileName } from '../../shared/files'
import { anyone, staffOnly } from '../access/roles'
import { t } from '../fields/label'
import { fileKind, formatBytes, servedFileHeaders, uploadedFileIs, uploadRefusal } from '../uploads/screening'
import { mediaDir } from './Media'

const maxDocumentBytes = () => Number(process.env.DOCUMENT_MAX_BYTES ?? 20 * 1024 * 1024)

/**
 * PDF features that act rather than display: scripts, launching programs, embedded files,
 * multimedia, XFA forms, and actions triggered by opening a page or the document. A notice for
 * visitors to download needs none of them.
 */
const activeContent = /\/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA|AA|SubmitForm|ImportData|GoToE)\b/

/**
 * Why a file is not an acceptable attachment, or undefined. Judged by content: it must be a
 * complete PDF — header first, cross-reference table and end-of-file marker at the end (Payload's
 * own check, which would otherwise refuse in English) — and neither its plain dictionaries nor its
 * Flate-compressed streams (PDF 1.5 object streams hide dictionaries there) may name active content.
 */
export async function pdfProblem(data: Buffer): Promise<string | undefined> {
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-') {
    if (data.subarray(0, 1024).toString('latin1').includes('%PDF-'))
      return 'PDF 文件开头有多余的数据，请重新导出后再上传 / The PDF has data before its header'
    return `${uploadedFileIs(await fileKind(data))}，不是 PDF（只接受 PDF 附件） / The file is not a PDF`
  }
  const end = data.subarray(-1024).toString('latin1')
  if (!end.includes('%%EOF') || !end.includes('xref'))
    return 'PDF 文件不完整（缺少交叉引用表或文件结尾），请重新导出后再上传 / The PDF is incomplete'
  const text = data.toString('latin1')
  const texts = [text]
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length
    const end = text.indexOf('endstream', start)
    if (end < 0) break
    try {
      texts.push(zlib.inflateSync(data.subarray(start, end)).toString('latin1'))
    } catch {
      // not Flate data (an image, a font): nothing to read
    }
  }
  const found = texts.map((t) => activeContent.exec(t)?.[1]).find(Boolean)
  if (found)
    return `PDF 含有脚本或自动操作（/${found}），出于安全原因不能上传；请“打印为 PDF”后再上传 / The PDF contains active content (/${found})`
  return undefined
}

/** Screens the uploaded file before Payload stores it; a refusal is an error on the file field. */
const screenDocument: CollectionBeforeOperationHook = async ({ args, operation }) => {
  const file = args.req?.file as { data: Buffer; mimetype: string; name: string; size: number } | undefined
  if (!file || (operation !== 'create' && operation !== 'update')) return args
  if (file.size > maxDocumentBytes()) {
    throw uploadRefusal('documents', `文件过大：${formatBytes(file.size)}，上限 ${formatBytes(maxDocumentBytes())} / The file is too large`)
  }
  const problem = await pdfProblem(file.data)
  if (problem) throw uploadRefusal('documents', problem)
  file.mimetype = 'application/pdf'
  file.name = normaliseFileName(file.name, 'pdf')
  return args
}

/** PDF attachments of news and activities (notices, programmes, forms to print). */
export const Documents: CollectionConfig = {
  slug: 'documents',
  defaultPopulate: { title: true, filename: true, filesize: true, url: true, mimeType: true },
  labels: { singular: t('附件', 'Attachment'), plural: t('附件（PDF）', 'Attachments (PDF)') },
  admin: { useAsTitle: 'title', group: t('内容', 'Content'), defaultColumns: ['title', 'filename', 'filesize', 'updatedAt'] },
  access: { read: anyone, create: staffOnly, update: staffOnly, delete: staffOnly },
  hooks: { beforeOperation: [screenDocument] },
  // The same folder as the pictures: site builds copy whatever their pages link under /media/.
  // Served with nosniff and as a download (servedFileHeaders).
  upload: { staticDir: mediaDir, mimeTypes: ['application/pdf'], modifyResponseHeaders: servedFileHeaders },
  fields: [
    {
      name: 'title',
      type: 'text',
      label: t('标题', 'Title'),
      required: true,
      maxLength: 200,
      admin: { description: t('显示为下载链接的文字，如“报名表”', 'Shown as the download link, e.g. “Application form”') },
    },
  ],
}
