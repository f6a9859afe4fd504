/**
 * Co-publishing (信息报送) on the sites: real `scripts/build-sites.ts --district` builds of 闵行区
 * and 新虹街道 after the 街道's items are accepted, declined, withdrawn or unpublished (the flow
 * itself: tests/integration/co-publishing.test.ts).
 */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { buildSites } from '../helpers/build'
import { activity, as, cms, district, news, step, submit, useCoPublishingCast } from '../helpers/coPublishingCast'

useCoPublishingCast()

describe('the 区 and 街道 sites', () => {
  const sitesDir = () => path.join(cms.dir, 'sites')
  const origin = (process.env.SITE_ORIGIN || 'http://localhost:4321').replace(/\/+$/, '')
  const page = (site: string, pagePath: string) => {
    const file = path.join(sitesDir(), site, pagePath, 'index.html')
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
  }
  const canonicalOf = (html: string) => html.match(/<link rel="canonical" href="([^"]+)"/)?.[1]
  const plain = (html: string) => html.replace(/<[^>]+>/g, '')
  const build = (slugs: string[]) => buildSites(sitesDir(), { districts: slugs })

  it(
    'an accepted item appears on both, credited, with the origin’s page as the one canonical URL; others stay off the 区 site',
    async () => {
      const accepted = await news(district.xinhong, '已采用的街道新闻')
      const acceptedActivity = await activity(district.xinhong, '已采用的街道活动')
      const declined = await news(district.xinhong, '不予采用的街道新闻')
      const unsubmitted = await news(district.xinhong, '未报送的街道新闻')
      for (const [item, kind] of [
        [accepted, 'news'],
        [acceptedActivity, 'activities'],
      ] as const) {
        await step('minhangEditor', await submit('xinhongWriter', item, kind), { state: 'accepted' })
      }
      await step('minhangEditor', await submit('xinhongWriter', declined), { state: 'declined', declineReason: '不适合区级站点' })
      await submit('xinhongWriter', unsubmitted)

      await build(['xinhong', 'minhang'])

      const originUrl = `${origin}/xinhong/news/${accepted.slug}/`
      const onXinhong = page('xinhong', `news/${accepted.slug}`)!
      expect(onXinhong, 'the item on its own site').toBeTruthy()
      expect(canonicalOf(onXinhong), 'the origin page is its own canonical').toBe(originUrl)
      expect(plain(onXinhong)).not.toContain('来源：')

      const onMinhang = page('minhang', `news/${accepted.slug}`)!
      expect(onMinhang, 'the accepted item on the 区 site').toBeTruthy()
      expect(canonicalOf(onMinhang), 'canonical points at the origin').toBe(originUrl)
      expect(plain(onMinhang)).toContain('来源：新虹街道')
      expect(onMinhang, 'the credit links to the origin page').toContain(`href="/xinhong/news/${accepted.slug}/"`)
      expect(onMinhang, 'indexed by the 街道 site only').not.toContain('data-pagefind-body')
      expect(plain(page('minhang', 'news')!)).toContain(`${accepted.title}`)
      expect(plain(page('minhang', 'news')!)).toContain('来源：新虹街道')

      const activityOnMinhang = page('minhang', `activities/${acceptedActivity.slug}`)!
      expect(activityOnMinhang).toBeTruthy()
      expect(canonicalOf(activityOnMinhang)).toBe(`${origin}/xinhong/activities/${acceptedActivity.slug}/`)
      expect(plain(activityOnMinhang)).toMatch(/来源\s*新虹街道/)

      for (const other of [declined, unsubmitted]) {
        expect(page('xinhong', `news/${other.slug}`), `${other.title} on its own site`).toBeTruthy()
        expect(page('minhang', `news/${other.slug}`), `${other.title} has no page on the 区 site`).toBeUndefined()
        expect(plain(page('minhang', 'news')!)).not.toContain(other.title)
        expect(plain(page('minhang', '')!)).not.toContain(other.title)
      }
      // 闵行区's own news has no credit and its own canonical.
      expect(plain(page('minhang', 'news')!)).toContain('闵行区自己的新闻')

      // Withdrawing the activity and unpublishing the news at the origin take both off the 区 site.
      const activityRecord = (
        await cms.payload.find({ collection: 'co-publications', where: { itemKey: { equals: `activities:${acceptedActivity.id}` } } })
      ).docs[0]!
      await step('xinhongWriter', activityRecord.id, { state: 'withdrawn' })
      expect((await as.xinhongEditor.patch(`/news/${accepted.id}`, { _status: 'draft' })).status).toBe(200)
      await build(['xinhong', 'minhang'])
      expect(page('minhang', `news/${accepted.slug}`), 'unpublished at the origin: gone from the 区').toBeUndefined()
      expect(page('xinhong', `news/${accepted.slug}`), 'and from the 街道').toBeUndefined()
      expect(page('minhang', `activities/${acceptedActivity.slug}`), 'withdrawn: gone from the 区').toBeUndefined()
      expect(page('xinhong', `activities/${acceptedActivity.slug}`), 'still on the 街道 site').toBeTruthy()
      expect(plain(page('minhang', '')!)).not.toContain(accepted.title)
    },
    15 * 60_000,
  )
})
