/**
 * Station map island. No map tiles are reachable from the sites (they must
 * work offline and make no third-party requests), so it draws the stations'
 * relative positions as an SVG schematic. The server-rendered address list
 * stays underneath as the no-JS and screen-reader version.
 */
import { useEffect, useState } from 'react'

export type MapStation = { name: string; lng: number; lat: number; address?: string | null; href?: string }

export default function StationMap({ stations }: { stations: MapStation[] }) {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const lngs = stations.map((s) => s.lng)
  const lats = stations.map((s) => s.lat)
  const [minX, maxX, minY, maxY] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  const spanX = maxX - minX || 0.01
  const spanY = maxY - minY || 0.01
  const x = (lng: number) => 20 + ((lng - minX) / spanX) * 360
  const y = (lat: number) => 20 + (1 - (lat - minY) / spanY) * 210
  return (
    <section aria-labelledby="map-title" className="station-map">
      <h2 id="map-title">位置示意</h2>
      {hydrated && (
        <svg
          viewBox="0 0 400 250"
          role="img"
          aria-label="阵地相对位置示意图（非地图比例）"
          style={{ maxWidth: '40rem', background: 'var(--soft)' }}
        >
          {stations.map((s) => (
            <g key={s.name}>
              <circle cx={x(s.lng)} cy={y(s.lat)} r="6" fill="var(--theme)" />
              <text x={x(s.lng) + 9} y={y(s.lat) + 5} fontSize="13" fill="currentColor">
                {s.name}
              </text>
            </g>
          ))}
        </svg>
      )}
      <ul>
        {stations.map((s) => (
          <li key={s.name}>
            {s.href ? <a href={s.href}>{s.name}</a> : s.name}：{s.address || '地址待补充'}（经度 {s.lng.toFixed(5)}，纬度 {s.lat.toFixed(5)}
            ）
          </li>
        ))}
      </ul>
    </section>
  )
}
