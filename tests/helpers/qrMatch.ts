/** Checking a page's QR code (tests/e2e/site.test.ts): does the rendered SVG encode the expected text? */
import QRCode from 'qrcode'
import sharp from 'sharp'

/**
 * Rasterises a QR code's SVG and compares its modules with QR codes of `text`
 * made by the same library the site uses, at each error-correction level.
 * Returns the best level and how many modules differ (0 = it encodes `text`).
 */
export async function qrMatch(svg: string, text: string): Promise<{ level: string; mismatches: number }> {
  // Standalone SVG at a known size; the page's CSS is not needed (default fill is black).
  let standalone = svg.replace(/^<svg\b([^>]*)>/i, (_m, attrs: string) => {
    const kept = attrs.replace(/\s(width|height|class|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    const ns = /xmlns=/.test(kept) ? '' : ' xmlns="http://www.w3.org/2000/svg"'
    return `<svg${kept}${ns} width="1000" height="1000">`
  })
  standalone = standalone.replace(/currentColor/g, '#000')
  const { data, info } = await sharp(Buffer.from(standalone))
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const dark = (x: number, y: number) => data[y * info.width + x] < 128

  // The dark modules' bounding box is exactly the symbol: finder patterns sit in three corners
  // and the bottom-right module row/column always holds dark modules of the other finders.
  let minX = info.width,
    minY = info.height,
    maxX = -1,
    maxY = -1
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (dark(x, y)) {
        minX = Math.min(minX, x)
        maxX = Math.max(maxX, x)
        minY = Math.min(minY, y)
        maxY = Math.max(maxY, y)
      }
  if (maxX < 0) return { level: 'none', mismatches: Number.POSITIVE_INFINITY }

  let best = { level: 'none', mismatches: Number.POSITIVE_INFINITY }
  for (const level of ['L', 'M', 'Q', 'H'] as const) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: level })
    const n = modules.size
    const cellW = (maxX - minX + 1) / n
    const cellH = (maxY - minY + 1) / n
    let mismatches = 0
    for (let row = 0; row < n; row++)
      for (let col = 0; col < n; col++) {
        const x = Math.floor(minX + (col + 0.5) * cellW)
        const y = Math.floor(minY + (row + 0.5) * cellH)
        if (dark(x, y) !== Boolean(modules.get(row, col))) mismatches++
      }
    if (mismatches < best.mismatches) best = { level, mismatches }
  }
  return best
}
