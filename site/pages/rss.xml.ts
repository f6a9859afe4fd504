import rss from '@astrojs/rss'
import type { APIContext } from 'astro'

import { site } from '../lib/content'
import { url } from '../lib/urls'

/** The district's news feed (RSS 2.0). */
export async function GET(context: APIContext) {
  const { district, news } = await site()
  const title = district.site?.title || `${district.name}党建`
  return rss({
    title: `${title} · 新闻`,
    description: district.summary ?? title,
    site: new URL(url(''), context.site).toString(),
    customData: '<language>zh-cn</language>',
    items: news.slice(0, 50).map((item) => ({
      title: item.title,
      link: url(`news/${item.slug}/`),
      pubDate: item.publishedOn?.date ? new Date(item.publishedOn.date) : undefined,
      description: item.summary ?? undefined,
      categories: item.tags ?? undefined,
    })),
  })
}
