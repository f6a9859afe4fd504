/**
 * The content the issue-18 visitor tests build from (tests/site-visitor.test.ts, tests/site-phone.test.ts):
 * a 区 and its 街道 with a station, brands two levels deep, a news item whose body links to real URLs
 * and to strings that are not URLs, an activity and a running campaign; contact values a visitor
 * may tap. Releases the test's Payload and builds both sites into `outDir`.
 */
import type { Payload } from 'payload'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { buildSites } from './build'
import { baseFixtures, day } from './fixtures'

export const visitorSite = '/test-subdistrict'

const linkNode = (url: string, label: string) => ({
  type: 'link',
  fields: { url, linkType: 'custom', newTab: false },
  children: [{ type: 'text', text: label, format: 0, style: '', mode: 'normal', detail: 0, version: 1 }],
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 2,
})

export async function buildVisitorSites(payload: Payload, outDir: string) {
  const site = visitorSite
  const { parent, child, image } = await baseFixtures(payload)
  await payload.update({ collection: 'districts', id: parent.id, data: { site: { heroImage: image.id } } as never })
  // A phone number that is not one (pasted markup): shown as text, never a tel: or relative link.
  await payload.update({
    collection: 'districts',
    id: child.id,
    data: {
      site: {
        heroImage: image.id,
        themeColor: '#0b5394',
        contact: { phone: '<b>见公告</b>', address: '测试路1号', website: 'https://dangjian.example/' },
      },
      summary: '测试街道位于虹桥商务区，党群服务阵地遍布街区。',
    } as never,
  })
  const station = await payload.create({
    collection: 'stations',
    data: {
      name: '环保体验馆',
      slug: 'eco-hall',
      district: child.id,
      address: '测试路1号',
      openedOn: day('2019-05'),
      contact: { phone: '021-6488 1234 转 8001' },
      gallery: [image.id],
      zones: [{ name: '展示区' }],
    } as never,
  })
  const top = await payload.create({
    collection: 'brands',
    data: { name: '小虹帽', slug: 'xiao-hong-mao', district: child.id, launchedOn: day('2018') } as never,
  })
  await payload.create({
    collection: 'brands',
    data: { name: '小虹帽课堂', slug: 'class', district: child.id, parentBrand: top.id } as never,
  })
  // Link targets as editors type them: two real ones, and two strings that are not URLs at all.
  const body = paragraphsToLexical('正文第一段。') as { root: { children: unknown[] } }
  body.root.children.push({
    type: 'paragraph',
    children: [
      linkNode('www.shanghai.gov.cn', '上海发布'),
      linkNode('区委组织部', '资料来源'),
      linkNode('https://www.shanghai.gov.cn/', '市政府网站'),
      linkNode(`${site}/stations/`, '全部阵地'),
    ],
    direction: 'ltr',
    format: '',
    indent: 0,
    version: 1,
  })
  const news = await payload.create({
    collection: 'news',
    data: {
      title: '小虹帽志愿服务队成立',
      slug: 'team',
      district: child.id,
      publishedOn: day('2026-11-02'),
      _status: 'published',
      summary: '社区志愿服务',
      cover: image.id,
      body: body as never,
    },
  })
  await payload.create({
    collection: 'activities',
    data: {
      title: '环保主题党日',
      slug: 'eco-day',
      district: child.id,
      date: day('2026-10-20'),
      station: station.id,
      _status: 'published',
      summary: '活动摘要',
    } as never,
  })
  await payload.create({
    collection: 'campaigns',
    data: {
      title: '绿色家园行动',
      slug: 'green-home',
      district: child.id,
      brand: top.id,
      startsOn: day('2026-01'),
      endsOn: '2099-12-31T04:00:00.000Z',
      banner: image.id,
      summary: '全年主题宣传',
      featuredNews: [news.id],
      _status: 'published',
    } as never,
  })
  // A home as full as a real one: more of everything than the home shows, and ten figures.
  for (let n = 1; n <= 7; n++) {
    await payload.create({
      collection: 'news',
      data: {
        title: `社区新闻第${n}期：志愿服务走进楼宇`,
        slug: `more-news-${n}`,
        district: child.id,
        publishedOn: day(`2026-10-0${n}`),
        _status: 'published',
        summary: '楼宇党建与志愿服务的最新进展，欢迎居民参与。',
        cover: image.id,
      } as never,
    })
    await payload.create({
      collection: 'activities',
      data: {
        title: `主题党日第${n}场`,
        slug: `more-activity-${n}`,
        district: child.id,
        date: day(`2026-09-0${n}`),
        _status: 'published',
        summary: '党员志愿者参与社区服务。',
        gallery: [image.id],
      } as never,
    })
    await payload.create({
      collection: 'stations',
      data: { name: `党群服务站${n}号`, slug: `more-station-${n}`, district: child.id, kind: 'station', gallery: [image.id] } as never,
    })
    await payload.create({
      collection: 'brands',
      data: { name: `品牌项目${n}`, slug: `more-brand-${n}`, district: child.id, tagline: '服务群众的品牌项目' } as never,
    })
  }
  const facts = Array.from({ length: 10 }, (_, i) => ({ label: `数据项${i + 1}`, value: String((i + 1) * 120), unit: '人次' }))
  await payload.update({ collection: 'districts', id: child.id, data: { facts } as never })
  await payload.destroy()
  await buildSites(outDir, { districts: ['test-district', 'test-subdistrict'], env: { SITE_ORIGIN: 'https://dangjian.example' } })
}
