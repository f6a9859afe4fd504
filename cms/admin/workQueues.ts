/**
 * The 工作台's queues for the signed-in user: what waits for them, counted through the Local API
 * as that user (`overrideAccess: false`), each with links to the admin lists filtered the same way.
 */
import { createLocalReq, type CollectionSlug, type Payload, type PayloadRequest, type TypedUser, type Where } from 'payload'
import { stringify } from 'qs-esm'

import { districtScope, hasAnyRole, isAdmin } from '../access/districtScope'
import { isStaff } from '../access/roles'
import { judgeSections } from '../health/dashboard'
import { relationId, type RelationValue } from '../fields/ids'

export const editorialCollections = [
  { slug: 'news', label: '新闻' },
  { slug: 'activities', label: '活动' },
  { slug: 'campaigns', label: '主题宣传' },
] as const

export type QueueLink = { label: string; count: number; href: string }
export type WorkQueue = { key: string; title: string; hint: string; count: number; href: string; links: QueueLink[] }

/** A list URL with the filter in the shape Payload's own filter controls write (or → and). */
export function listHref(adminRoute: string, collection: string, conditions: Where[]): string {
  return `${adminRoute}/collections/${collection}?${stringify({ where: { or: [{ and: conditions }] } }, { encode: true })}`
}

type Context = { payload: Payload; req: PayloadRequest; adminRoute: string; scope: 'all' | string[] }

const inScope = (ctx: Context, field: string): Where[] => (ctx.scope === 'all' ? [] : [{ [field]: { in: ctx.scope } }])

/** Counts latest versions, as the admin's lists show them. */
async function countLatest(ctx: Context, collection: string, conditions: Where[]): Promise<number> {
  const { totalDocs } = await ctx.payload.find({
    collection: collection as CollectionSlug,
    where: { and: conditions },
    draft: true,
    depth: 0,
    limit: 1,
    overrideAccess: false,
    req: ctx.req,
  })
  return totalDocs
}

async function editorialQueue(ctx: Context, key: string, title: string, hint: string, conditions: Where[]): Promise<WorkQueue> {
  const where = [...conditions, ...inScope(ctx, 'district')]
  const links = await Promise.all(
    editorialCollections.map(async ({ slug, label }) => ({
      label,
      count: await countLatest(ctx, slug, where),
      href: listHref(ctx.adminRoute, slug, where),
    })),
  )
  return summarise(key, title, hint, links)
}

function summarise(key: string, title: string, hint: string, links: QueueLink[]): WorkQueue {
  const count = links.reduce((sum, link) => sum + link.count, 0)
  return { key, title, hint, count, href: (links.find((l) => l.count > 0) ?? links[0]).href, links }
}

type ScheduledJob = { input?: { type?: string; doc?: { relationTo?: string; value?: string | number } } | null }

/** Pending scheduled publish/unpublish jobs of items the user can read (jobs themselves are not readable by staff). */
async function scheduledQueue(ctx: Context): Promise<WorkQueue> {
  const { docs } = await ctx.payload.find({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const jobs = docs as unknown as ScheduledJob[]
  const links = await Promise.all(
    editorialCollections.map(async ({ slug, label }) => {
      const ids = [...new Set(jobs.filter((j) => j.input?.doc?.relationTo === slug).map((j) => String(j.input!.doc!.value)))]
      const where: Where[] = [{ id: { in: ids.length ? ids : ['0'] } }, ...inScope(ctx, 'district')]
      return { label, count: ids.length ? await countLatest(ctx, slug, where) : 0, href: listHref(ctx.adminRoute, slug, where) }
    }),
  )
  return summarise('scheduled', '已预约发布/下线', '到时间自动发布或撤下的内容', links)
}

async function coPublicationQueue(ctx: Context): Promise<WorkQueue> {
  const where: Where[] = [{ state: { equals: 'submitted' } }, ...inScope(ctx, 'target')]
  const { totalDocs } = await ctx.payload.count({
    collection: 'co-publications',
    where: { and: where },
    overrideAccess: false,
    req: ctx.req,
  })
  const link = { label: '信息报送', count: totalDocs, href: listHref(ctx.adminRoute, 'co-publications', where) }
  return summarise('co-publications', '待接收的信息报送', '下级街道、镇报送来的内容，采用或不予采用', [link])
}

type HealthRecord = { district: RelationValue; report?: Parameters<typeof judgeSections>[0] }

async function siteHealthQueue(ctx: Context): Promise<WorkQueue> {
  const { docs } = await ctx.payload.find({ collection: 'site-health', pagination: false, depth: 0, overrideAccess: false, req: ctx.req })
  const now = new Date()
  const alarms = (docs as unknown as HealthRecord[]).filter(
    (record) =>
      (ctx.scope === 'all' || ctx.scope.includes(String(relationId(record.district)))) &&
      judgeSections(record.report ?? null, now).some((section) => section.alarm),
  )
  const link = { label: '站点', count: alarms.length, href: `${ctx.adminRoute}/site-health` }
  return summarise('site-health', '站点健康告警', '首页或新闻动态超过期限未更新（单项否决项）', [link])
}

export async function loadWorkQueues(payload: Payload, user: TypedUser | null | undefined): Promise<WorkQueue[]> {
  if (!user || !isStaff(user)) return []
  const req = await createLocalReq({ user }, payload)
  const ctx: Context = { payload, req, adminRoute: payload.config.routes.admin, scope: await districtScope(req) }
  const editor = isAdmin(user) || hasAnyRole(user, 'district-editor')
  const queues: Promise<WorkQueue>[] = []
  if (editor) {
    queues.push(
      editorialQueue(ctx, 'to-review', '待我审核', '撰稿人提交的内容，审核通过或退回', [{ reviewState: { equals: 'submitted' } }]),
    )
    queues.push(editorialQueue(ctx, 'to-publish', '待我发布', '已审核、尚未发布的内容', [{ reviewState: { equals: 'reviewed' } }]))
  }
  queues.push(
    editorialQueue(ctx, 'rejected', '被退回', '区域编辑退回、需要修改后再提交的内容', [
      { reviewState: { equals: 'draft' } },
      { rejectReason: { exists: true } },
    ]),
  )
  if (editor) queues.push(coPublicationQueue(ctx))
  queues.push(
    editorialQueue(ctx, 'my-drafts', '我的草稿', '我创建、尚未提交审核的内容（被退回的见上）', [
      { createdBy: { equals: user.id } },
      { reviewState: { equals: 'draft' } },
      { rejectReason: { exists: false } },
    ]),
  )
  queues.push(scheduledQueue(ctx))
  queues.push(siteHealthQueue(ctx))
  return Promise.all(queues)
}
