/** The benchmark dataset's districts (bench/generate.ts): the 区 and their 街道/镇, parents first. */
import type { CollectionSlug } from 'payload'

import { districtTree } from './dataset-parts'
import { phrases, type Rng } from './text'

export type GeneratedDistrict = { id: number; name: string; slug: string }

/** Creates the district tree sequentially (few, and children need the parent id); `leaves` are the 街道/镇. */
export async function createDistricts({
  create,
  rng,
  media,
  tick,
}: {
  create: (collection: CollectionSlug, data: Record<string, unknown>) => Promise<number>
  rng: Rng
  /** ids of the generated images, for each site's hero image */
  media: number[]
  tick: () => void
}): Promise<{ districts: GeneratedDistrict[]; leaves: GeneratedDistrict[] }> {
  const districts: GeneratedDistrict[] = []
  const leaves: GeneratedDistrict[] = []
  for (const top of districtTree) {
    const parent = await create('districts', {
      name: top.name,
      slug: top.slug,
      level: 'district',
      summary: `${top.name}坚持党建引领基层治理。`,
      site: { title: `${top.name}党建`, heroImage: rng.pick(media) },
    })
    districts.push({ id: parent, name: top.name, slug: top.slug })
    for (const [name, slug, level] of top.children) {
      const id = await create('districts', {
        name,
        slug,
        level,
        parent,
        summary: `${name}以${rng.pick(phrases)}推动${rng.pick(phrases)}。`,
        site: { title: `${name}党建`, heroImage: rng.pick(media) },
      })
      const d = { id, name, slug }
      districts.push(d)
      leaves.push(d)
    }
    tick()
  }
  return { districts, leaves }
}
