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

export type PreviewRequest = { collection: string; district: string; doc: Record<string, any>; mediaBase: string }

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

async function renderNow(source: ContentSource, { collection, district, doc, mediaBase }: PreviewRequest): Promise<string> {
  const page = pages[collection]
  if (!page) throw new Error(`no preview page for ${collection}`)
  const { container, css, page: load } = await templates()
  const { dataset, item } = await previewDataset(source, district, { collection: collection as SiteCollection, doc }, mediaBase)
  const globals = globalThis as Record<symbol, unknown>
  globals[previewDatasetKey] = dataset
  try {
    const component = await load(page.file)
    const slug = String(doc.slug ?? '')
    const html = await container.renderToString(component.default, {
      props: { [page.prop]: item },
      params: { slug },
      request: new Request(`http://localhost/${district}/${page.path(slug)}`),
    })
    // The build inlines the site's stylesheet (inlineStylesheets: 'always'); preview does the same.
    return html.replace('</head>', `<style>${css}</style></head>`)
  } finally {
    delete globals[previewDatasetKey]
  }
}
