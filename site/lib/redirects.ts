/**
 * Old addresses of items whose slug changed after publication (cms/fields/formerSlugs.ts): each
 * former slug not used again by another item of its kind redirects to the item's current page.
 */
import { site } from './content'
import { url } from './urls'

export type Redirect = { from: string; to: string; title: string }

export async function movedPages(): Promise<Redirect[]> {
  const { news, activities, stations, brands, campaigns } = await site()
  type Item = { slug?: string | null; title?: string | null; name?: string | null; formerSlugs?: string[] | null }
  const kinds: [string, Item[]][] = [
    ['news', news],
    ['activities', activities],
    ['stations', stations],
    ['brands', brands],
    ['campaigns', campaigns],
  ]
  return kinds.flatMap(([kind, items]) => {
    const current = new Set(items.map((i) => i.slug))
    return items.flatMap((item) =>
      (item.formerSlugs ?? [])
        .filter((old) => old && !current.has(old))
        .map((old) => ({ from: `${kind}/${old}/`, to: url(`${kind}/${item.slug}/`), title: String(item.title ?? item.name ?? '') })),
    )
  })
}
