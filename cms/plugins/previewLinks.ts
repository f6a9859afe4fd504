import type { Plugin } from 'payload'

import { withPreviewLink } from '../preview/adminPreview'

/** 预览链接 in the edit view of the collections that have a page on the sites (cms/preview/). */
export const previewLinksPlugin: Plugin = (config) => ({ ...config, collections: (config.collections ?? []).map(withPreviewLink) })
