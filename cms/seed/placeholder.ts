import { createHash } from 'node:crypto'

import sharp from 'sharp'

/**
 * A deterministic abstract placeholder picture for a record (no text, so no
 * font is needed, and no network). Same slug → same bytes.
 */
export async function placeholderImage(seed: string, baseColor = '#b71c1c', width = 1600, height = 1000): Promise<Buffer> {
  const hash = createHash('sha256').update(seed).digest()
  const hue = hash[0]! % 40 // stay in warm reds/oranges, close to the party-building palette
  const circles = Array.from({ length: 6 }, (_, i) => {
    const cx = (hash[1 + i * 3]! / 255) * width
    const cy = (hash[2 + i * 3]! / 255) * height
    const r = 80 + (hash[3 + i * 3]! / 255) * 360
    const opacity = 0.12 + (hash[20 + i]! / 255) * 0.2
    return `<circle cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" r="${r.toFixed(0)}" fill="#fff" fill-opacity="${opacity.toFixed(2)}"/>`
  }).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${baseColor}"/><stop offset="1" stop-color="hsl(${hue}, 85%, 45%)"/>
  </linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>${circles}
  <path d="M0 ${height * 0.78} Q ${width / 2} ${height * (0.6 + (hash[30]! / 255) * 0.2)} ${width} ${height * 0.8} V ${height} H 0 Z" fill="#fff" fill-opacity="0.18"/>
</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer()
}
