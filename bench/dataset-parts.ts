/**
 * The parts of the benchmark dataset (bench/generate.ts) that are not the generation itself: the
 * district tree, name vocabularies, dates, a bounded concurrency pool and bounded reference lists.
 */
import type { Rng } from './text'

/** Ids later documents may refer to, at most `refsPerDistrict` per district (the newest): bounded whatever the size. */
export const refsPerDistrict = 500
export class Refs {
  private readonly byDistrict = new Map<number, number[]>()
  add(district: number, id: number) {
    const list = this.byDistrict.get(district) ?? []
    list.push(id)
    if (list.length > refsPerDistrict) list.shift()
    this.byDistrict.set(district, list)
  }
  in(district: number): number[] {
    return this.byDistrict.get(district) ?? []
  }
}

export const districtTree = [
  {
    name: '闵行区',
    slug: 'minhang',
    children: [
      ['新虹街道', 'xinhong', 'subdistrict'],
      ['虹桥镇', 'hongqiao-town', 'town'],
      ['古美路街道', 'gumei-road', 'subdistrict'],
      ['江川路街道', 'jiangchuan-road', 'subdistrict'],
      ['七宝镇', 'qibao-town', 'town'],
      ['莘庄镇', 'xinzhuang-town', 'town'],
      ['梅陇镇', 'meilong', 'town'],
    ],
  },
  {
    name: '静安区',
    slug: 'jing-an',
    children: [
      ['静安寺街道', 'jingansi', 'subdistrict'],
      ['南京西路街道', 'nanjing-west-road', 'subdistrict'],
      ['曹家渡街道', 'caojiadu', 'subdistrict'],
      ['江宁路街道', 'jiangning-road', 'subdistrict'],
      ['石门二路街道', 'shimen-second-road', 'subdistrict'],
      ['天目西路街道', 'tianmu-west-road', 'subdistrict'],
      ['彭浦镇', 'pengpu-town', 'town'],
    ],
  },
] as const

export const buildings = [
  '虹桥天地',
  '万科中心',
  '嘉里中心',
  '恒隆广场',
  '静安国际中心',
  '龙湖天街',
  '世纪汇',
  '金虹桥国际中心',
  '宝华中心',
  '会德丰广场',
]
export const stationSuffix = ['党群服务站', '楼宇党群服务站', '党建微阵地', '党群服务中心', '白领驿家', '红色驿站', '新就业群体服务站']
export const brandStems = [
  '小虹帽',
  '心驿',
  '易家人',
  '红立方',
  '益起来',
  '楼小二',
  '暖心桥',
  '红色领航',
  '邻里汇',
  '初心号',
  '同心圆',
  '先锋荟',
]
export const brandTails = ['志愿服务队', '服务品牌', '工作室', '行动', '计划', '联盟']
export const kinds = ['station', 'station', 'station', 'micro-station', 'partner-venue', 'workstation', 'exhibition-base'] as const

/** A random date between 2019-01-01 and 2026-10-31 at 12:00 UTC, as stored for partial dates. */
export function randomDay(rng: Rng): string {
  const start = Date.UTC(2019, 0, 1, 12)
  const end = Date.UTC(2026, 9, 31, 12)
  return new Date(start + Math.floor(rng.next() * ((end - start) / 86_400_000)) * 86_400_000).toISOString()
}

/**
 * Runs `make(i)` for i in [0, n) with at most `concurrency` in flight, calling `tick` after each;
 * keeps no results. After each document it lets the event loop turn: SQLite answers synchronously,
 * so a chain of saves is all microtasks, and libsql's native row cursors are only freed by
 * finalizers that run when the loop turns — without that the generator grew by ≈ 40 KB per document.
 */
export async function pool(n: number, concurrency: number, make: (i: number) => Promise<unknown>, tick: () => void): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      await make(i)
      tick()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker))
}

export const rssNowMB = () => Math.round(process.memoryUsage.rss() / 2 ** 20)
