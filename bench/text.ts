/**
 * Deterministic synthetic Chinese text for the benchmark dataset: a seeded
 * PRNG (mulberry32, never Math.random) and generators for titles, summaries
 * and article bodies built from party-building vocabulary plus the names of
 * the generated districts and stations, so that Pagefind indexes real words.
 */

export type Rng = {
  /** uniform in [0, 1) */
  next: () => number
  /** integer in [min, max] */
  int: (min: number, max: number) => number
  pick: <T>(list: readonly T[]) => T
  /** `count` distinct elements (fewer if the list is shorter) */
  sample: <T>(list: readonly T[], count: number) => T[]
  chance: (p: number) => boolean
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!
  const sample = <T>(list: readonly T[], count: number) => {
    const copy = [...list]
    const out: T[] = []
    while (out.length < count && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!)
    return out
  }
  return { next, int, pick, sample, chance: (p) => next() < p }
}

export const phrases = [
  '党建引领',
  '楼宇党群服务站',
  '社区治理',
  '基层党组织',
  '两新组织',
  '党员志愿者',
  '红色阵地',
  '党群服务中心',
  '初心使命',
  '主题党日',
  '组织生活',
  '区域化党建',
  '城市基层党建',
  '人民城市理念',
  '全过程人民民主',
  '为民服务',
  '党员先锋岗',
  '红色物业',
  '一网统管',
  '一网通办',
  '营商环境',
  '白领驿家',
  '新就业群体',
  '快递小哥',
  '青年突击队',
  '党建联建',
  '共建单位',
  '结对共建',
  '红色资源',
  '党史学习教育',
  '理论宣讲',
  '四史教育',
  '睦邻点',
  '居民区党总支',
  '网格化管理',
  '十五分钟社区生活圈',
  '老旧小区改造',
  '加装电梯',
  '垃圾分类',
  '文明实践',
] as const

const verbs = ['深化', '推进', '打造', '探索', '聚焦', '凝聚', '激活', '创新', '夯实', '拓展', '提升', '构建'] as const
const nouns = [
  '服务阵地',
  '治理格局',
  '工作机制',
  '品牌项目',
  '志愿服务',
  '红色纽带',
  '共治平台',
  '服务清单',
  '暖心驿站',
  '议事会',
  '党建品牌',
  '服务圈',
  '工作法',
  '微心愿',
  '楼宇经济',
  '骨干队伍',
  '服务群众',
  '民生实事',
] as const
const people = ['党员', '志愿者', '楼宇白领', '社区居民', '企业职工', '退役军人', '青年党员', '老党员', '快递员', '外卖骑手'] as const
const actions = ['走进', '来到', '参观', '参与', '聚焦', '调研', '共建', '服务'] as const
const outcomes = [
  '让党的声音传得更远',
  '把服务送到群众家门口',
  '打通服务群众最后一公里',
  '推动党建与业务深度融合',
  '凝聚起共建共治共享的强大合力',
  '让红色阵地成为温暖的家',
  '为区域高质量发展注入红色动能',
  '切实解决了一批急难愁盼问题',
  '不断增强群众的获得感幸福感安全感',
  '持续擦亮党建服务品牌',
] as const
const times = ['近日', '日前', '本周', '上月', '今年以来', '近年来', '去年底', '国庆前夕', '七一前夕', '春节期间'] as const

export type Names = { districts: string[]; stations: string[]; brands: string[] }

function sentence(rng: Rng, names: Names): string {
  const place = rng.chance(0.6) ? rng.pick(names.stations) : rng.pick(names.districts)
  switch (rng.int(0, 5)) {
    case 0:
      return `${rng.pick(times)}，${place}${rng.pick(verbs)}${rng.pick(phrases)}，${rng.pick(outcomes)}。`
    case 1:
      return `${rng.int(20, 300)}余名${rng.pick(people)}${rng.pick(actions)}${place}，围绕“${rng.pick(phrases)}”开展${rng.pick(nouns)}活动。`
    case 2:
      return `${rng.pick(names.districts)}坚持${rng.pick(phrases)}，以${rng.pick(phrases)}为抓手，${rng.pick(verbs)}${rng.pick(nouns)}，${rng.pick(outcomes)}。`
    case 3:
      return `“${rng.pick(names.brands)}”品牌团队与${rng.pick(people)}一起${rng.pick(verbs)}${rng.pick(nouns)}，累计服务群众${rng.int(1, 90)}${rng.pick(['百', '千'])}余人次。`
    case 4:
      return `下一步，${place}将继续${rng.pick(verbs)}${rng.pick(phrases)}与${rng.pick(phrases)}，${rng.pick(outcomes)}。`
    default:
      return `在${place}，${rng.pick(people)}们通过${rng.pick(phrases)}、${rng.pick(phrases)}等形式${rng.pick(verbs)}${rng.pick(nouns)}。`
  }
}

/** A title of 12–30 characters. */
export function title(rng: Rng, names: Names, place: string): string {
  for (;;) {
    const candidates = [
      `${place}${rng.pick(verbs)}${rng.pick(phrases)}${rng.pick(nouns)}`,
      `${rng.pick(phrases)}｜${place}${rng.pick(actions)}${rng.pick(nouns)}`,
      `“${rng.pick(names.brands)}”${rng.pick(verbs)}${rng.pick(nouns)}，${rng.pick(phrases)}见实效`,
      `${place}：以${rng.pick(phrases)}${rng.pick(verbs)}${rng.pick(nouns)}`,
    ]
    const t = rng.pick(candidates)
    if (t.length >= 12 && t.length <= 30) return t
  }
}

/** A summary of 60–120 characters. */
export function summary(rng: Rng, names: Names): string {
  const target = rng.int(60, 120)
  let text = ''
  while (text.length < target) {
    const s = sentence(rng, names)
    if (text.length + s.length > 120) {
      if (text.length >= 60) break
      continue
    }
    text += s
  }
  return text
}

/** An article body of 800–3,000 characters, paragraphs separated by a blank line. */
export function body(rng: Rng, names: Names): string {
  const target = rng.int(800, 3000)
  const paragraphs: string[] = []
  let length = 0
  while (length < target) {
    let p = ''
    const sentences = rng.int(3, 7)
    for (let i = 0; i < sentences; i++) p += sentence(rng, names)
    paragraphs.push(p)
    length += p.length
  }
  return paragraphs.join('\n\n')
}
