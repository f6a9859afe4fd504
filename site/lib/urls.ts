/** Site-relative URLs that respect the district's base path (/<district>/). */
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`

export const url = (path = '') => `${base}${path.replace(/^\/+/, '')}`

/** Upload files are copied next to the pages (see site/integrations/media.ts). */
export const mediaUrl = (filename: string) => url(`media/${encodeURIComponent(filename)}`)

/** Absolute URL for canonical links, feeds, OG tags and QR codes. */
export const absoluteUrl = (path: string) => new URL(path, import.meta.env.SITE).toString()

/** Another district's site, which sits beside this one. */
export const siteUrl = (districtSlug: string, path = '') => `/${districtSlug}/${path.replace(/^\/+/, '')}`
