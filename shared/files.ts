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
