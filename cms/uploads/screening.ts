import { fileTypeFromBuffer } from 'file-type'
import { ValidationError } from 'payload'

/** Editors' names for what file-type recognises (by extension); anything else is named by its extension. */
const kindNames: Record<string, string> = {
  jpg: 'JPEG 图片',
  png: 'PNG 图片',
  webp: 'WebP 图片',
  avif: 'AVIF 图片',
  gif: 'GIF 图片',
  heic: 'HEIC 照片（苹果手机的默认格式）',
  tif: 'TIFF 图片',
  bmp: 'BMP 图片',
  psd: 'Photoshop 文件',
  pdf: 'PDF 文档',
  zip: 'ZIP 压缩包',
  rar: 'RAR 压缩包',
  '7z': '7z 压缩包',
  gz: 'gzip 压缩包',
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  pptx: 'PowerPoint 演示文稿',
  cfb: 'Office 97-2003 文档',
  mp4: 'MP4 视频',
  mov: 'MOV 视频',
  mp3: 'MP3 音频',
  exe: 'Windows 程序',
}

/**
 * What a file is, judged by its content and named for an editor ("HTML 网页", "ZIP 压缩包",
 * "Word 文档"…), so a refusal can say what was seen. Binary formats by their magic bytes
 * (file-type); text by its first characters.
 */
export async function fileKind(data: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(data).catch(() => undefined)
  if (detected) return kindNames[detected.ext] ?? `${detected.ext.toUpperCase()} 文件`
  const head = data.subarray(0, 4096)
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase()
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(text)) return 'SVG 矢量图'
  if (/^(<!doctype html|<html|<head|<body|<script|<meta|<iframe|<div|<p[\s>])/.test(text)) return 'HTML 网页'
  if (text.startsWith('<?xml')) return 'XML 文件'
  // Text has no NUL and few control characters; a truncated multi-byte character at the cut is fine.
  const controls = [...head].filter((byte) => byte < 9 || (byte > 13 && byte < 32)).length
  if (head.length && controls === 0 && !head.includes(0)) return '纯文本'
  return '无法识别格式的文件'
}

/** "上传的文件是 HTML 网页" / "上传的文件是纯文本": a space only next to Latin letters, as Chinese typesetting does. */
export function uploadedFileIs(kind: string): string {
  return `上传的文件是${/^[A-Za-z0-9]/.test(kind) ? ' ' : ''}${kind}`
}

/** A size for a message: "3.4 MB" from 1 MB, else "850 KB". */
export function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/**
 * A refusal of the uploaded file: an error on the `file` field saying why. Payload's top-level
 * message would be "The following field is invalid: file", which is what the admin toasts; it
 * says "文件：<why>" instead (no ASCII colon: the admin's toast splits the message there).
 */
export function uploadRefusal(collection: string, reason: string): ValidationError {
  const error = new ValidationError({ collection, errors: [{ path: 'file', message: reason }] })
  error.message = `文件：${reason}`
  return error
}

const inlineTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']

/**
 * Headers for every uploaded file the CMS serves. Media and attachments share one folder, so
 * either collection's route can serve any file: the rules follow the content type. `nosniff`
 * keeps browsers to the declared type (an image is never run as HTML); anything but a picture
 * (a PDF, an SVG left from before screening) is sent as a download rather than opened on the CMS's origin, where editors' sessions live.
 */
export function servedFileHeaders({ headers }: { headers: Headers }): Headers {
  headers.set('X-Content-Type-Options', 'nosniff')
  if (!inlineTypes.includes(headers.get('Content-Type') ?? '')) headers.set('Content-Disposition', 'attachment')
  return headers
}
