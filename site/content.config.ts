import { defineCollection } from 'astro:content'

import { payloadLoader, type SiteCollection } from './loader/payload'

const collection = (name: SiteCollection) => defineCollection({ loader: payloadLoader(name) })

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
