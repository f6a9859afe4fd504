import fs from 'node:fs'
import path from 'node:path'

/** Every .html file below `dir`, sorted for stable reports. */
export function htmlFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile() && entry.name.endsWith('.html')) out.push(full)
    }
  }
  walk(dir)
  return out.sort()
}

/** `IMG 2024（党建）.JPG` → `img-2024.jpg`: lowercase ASCII, digits and hyphens, the real format's extension. */
export function normaliseFileName(name: string, format: string): string {
  const stem = name
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  const ext = { jpeg: 'jpg', heif: 'avif' }[format] ?? format
  return `${stem || 'image'}.${ext}`
}
