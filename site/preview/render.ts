/**
 * Renders one previewed document with the site's own page component (site/pages/…), its layout
 * and stylesheet, as the page a visitor of its district's site will get.
 *
 * Renders run one at a time: the dataset is handed to the pages through a process-wide key
 * (site/lib/content.ts), as a build hands them Astro's store.
 */
import { previewDatasetKey } from './handoff'
import type { ContentSource, SiteCollection } from '../loader/payload'
import { previewDataset } from './dataset'
import { templates } from './templates'
import type { LooseRecord } from '../../shared/looseRecord'

/** The page that shows each previewable collection, and the prop it takes its document as. */
const pages: Record<string, { file: string; prop: string; path: (slug: string) => string }> = {
  news: { file: 'news/[slug].astro', prop: 'item', path: (slug) => `news/${slug}/` },
  activities: { file: 'activities/[slug].astro', prop: 'item', path: (slug) => `activities/${slug}/` },
  campaigns: { file: 'campaigns/[slug].astro', prop: 'campaign', path: (slug) => `campaigns/${slug}/` },
  stations: { file: 'stations/[slug].astro', prop: 'station', path: (slug) => `stations/${slug}/` },
  brands: { file: 'brands/[slug].astro', prop: 'brand', path: (slug) => `brands/${slug}/` },
  districts: { file: 'index.astro', prop: 'district', path: () => '' },
}
export const previewableCollections = Object.keys(pages)

/**
 * Where else an item appears (the stretch goal): its district's home, and the page of its list
 * that will hold it. Paginated lists (news, activities) are found by the item's place in the
 * site's own order (site/lib/content.ts) and page size (site/lib/paging.ts).
 */
const lists: Record<string, { first: string; later?: string }> = {
  news: { first: 'news/index.astro', later: 'news/page/[page].astro' },
  activities: { first: 'activities/index.astro', later: 'activities/page/[page].astro' },
  campaigns: { first: 'campaigns/index.astro' },
  stations: { first: 'stations/index.astro' },
  brands: { first: 'brands/index.astro' },
}
export type PreviewView = 'page' | 'home' | 'list'

export type PreviewRequest = { collection: string; district: string; doc: LooseRecord; mediaBase: string; view?: PreviewView }

/** Loads the templates and every preview page ahead of the first preview (the renderer does at start). */
export async function warmTemplates(): Promise<void> {
  const { page } = await templates()
  for (const { file } of Object.values(pages)) await page(file)
}

let queue: Promise<unknown> = Promise.resolve()

export function renderPreview(source: ContentSource, request: PreviewRequest): Promise<string> {
  const run = queue.then(() => renderNow(source, request))
  queue = run.catch(() => undefined)
  return run
}

/** The page file, props, params and path that show the previewed item in the asked view. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page module compiled at run time; Astro gives it no static type
async function target(collection: string, view: PreviewView, item: Record<string, unknown>, loadModule: (file: string) => Promise<any>) {
  const page = pages[collection]!
  const slug = String(item.slug ?? '')
  if (view === 'home' || (view === 'list' && !lists[collection])) return { file: 'index.astro', props: {}, params: {}, path: '' }
  if (view === 'list') {
    const list = lists[collection]!
    const { site } = await loadModule('site/lib/content.ts')
    const { pageSize } = await loadModule('site/lib/paging.ts')
    const ordered = ((await site()) as Record<string, { id: unknown }[]>)[collection] ?? []
    const at = ordered.findIndex((doc) => String(doc.id) === String(item.id))
    const number = at < 0 ? 1 : Math.floor(at / pageSize) + 1
    const section = collection
    if (number === 1 || !list.later) return { file: list.first, props: {}, params: {}, path: `${section}/` }
    return { file: list.later, props: {}, params: { page: String(number) }, path: `${section}/page/${number}/` }
  }
  return { file: page.file, props: { [page.prop]: item }, params: { slug }, path: page.path(slug) }
}

async function renderNow(source: ContentSource, { collection, district, doc, mediaBase, view = 'page' }: PreviewRequest): Promise<string> {
  if (!pages[collection]) throw new Error(`no preview page for ${collection}`)
  const { container, css, page: load, module: loadModule } = await templates()
  const { dataset, item } = await previewDataset(source, district, { collection: collection as SiteCollection, doc }, mediaBase)
  const globals = globalThis as Record<symbol, unknown>
  globals[previewDatasetKey] = dataset
  try {
    const shown = await target(collection, view, item, loadModule)
    const component = await load(shown.file)
    const html = await container.renderToString(component.default, {
      props: shown.props,
      params: shown.params,
      request: new Request(`http://localhost/${district}/${shown.path}`),
    })
    // The build inlines the site's stylesheet (inlineStylesheets: 'always'); preview does the same.
    return html.replace('</head>', `<style>${css}</style></head>`)
  } finally {
    delete globals[previewDatasetKey]
  }
}
