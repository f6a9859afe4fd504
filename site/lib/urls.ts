import { currentPreviewDataset } from '../preview/handoff'

/** Site-relative URLs that respect the district's base path (/<district>/). */
const builtBase = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`
/** One preview renderer serves every district (site/preview/): its base is the previewed district's. */
const base = () => {
  const preview = currentPreviewDataset()
  return preview ? `/${preview.district}/` : builtBase
}

export const url = (path = '') => `${base()}${path.replace(/^\/+/, '')}`

/**
 * Upload files are copied next to the pages (see site/integrations/media.ts). A preview
 * (site/preview/) is not a built site: it names where the CMS serves the same files instead.
 */
const previewMediaBase = () => currentPreviewDataset()?.mediaBase
export const mediaUrl = (filename: string) => {
  const previewBase = previewMediaBase()
  return previewBase ? `${previewBase}${encodeURIComponent(filename)}` : url(`media/${encodeURIComponent(filename)}`)
}

/** Absolute URL for canonical links, feeds, OG tags and QR codes. */
export const absoluteUrl = (path: string) => new URL(path, import.meta.env.SITE).toString()

/** Another district's site, which sits beside this one. */
export const siteUrl = (districtSlug: string, path = '') => `/${districtSlug}/${path.replace(/^\/+/, '')}`

/**
 * Absolute URL of a page on another district's site, for canonical links: that district's own base
 * URL (站点设置 → 站点网址), else the common origin the build uses for sites without one.
 */
export const otherSiteAbsoluteUrl = (district: { slug: string; site?: { baseUrl?: string | null } | null }, path: string) =>
  new URL(siteUrl(district.slug, path), district.site?.baseUrl || process.env.SITE_ORIGIN || 'http://localhost:4321').toString()
