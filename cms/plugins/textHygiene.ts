import type { Plugin } from 'payload'

import { withTextHygiene } from '../fields/textHygiene'

/** Every text input cleaned, rich-text links checked and lengths limited, in every collection (cms/fields/textHygiene.ts). */
export const textHygienePlugin: Plugin = (config) => ({ ...config, collections: (config.collections ?? []).map(withTextHygiene) })
