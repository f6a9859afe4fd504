import { defineCollection } from 'astro:content'

import { payloadLoader, type SiteCollection } from './loader/payload'
import { siteSchemas } from './loader/schema'

/** Each collection: loaded from Payload, its entries checked against the site's schema (site/loader/schema.ts). */
const collection = <C extends SiteCollection>(name: C) => defineCollection({ loader: payloadLoader(name), schema: siteSchemas[name] })

export const collections = {
  districts: collection('districts'),
  stations: collection('stations'),
  brands: collection('brands'),
  news: collection('news'),
  activities: collection('activities'),
  campaigns: collection('campaigns'),
  media: collection('media'),
  documents: collection('documents'),
}
