// TEMPORARY verification config (deleted after use): the real config + site-builds + rebuild hooks.
import path from 'node:path'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { en } from '@payloadcms/translations/languages/en'
import { zh } from '@payloadcms/translations/languages/zh'
import { buildConfig, type CollectionConfig } from 'payload'
import sharp from 'sharp'
import { Activities } from '../../collections/Activities'
import { Brands } from '../../collections/Brands'
import { Campaigns } from '../../collections/Campaigns'
import { Districts } from '../../collections/Districts'
import { Media } from '../../collections/Media'
import { News } from '../../collections/News'
import { SiteBuilds } from '../../collections/SiteBuilds'
import { Stations } from '../../collections/Stations'
import { Users } from '../../collections/Users'
import { databaseAdapter } from '../../database'
import { payloadSecret } from '../../env'
import { rebuildSitesAfterChange, rebuildSitesAfterDelete } from '../hooks'
const withRebuild = (c: CollectionConfig): CollectionConfig => ({
  ...c,
  hooks: { ...c.hooks, afterChange: [...(c.hooks?.afterChange ?? []), rebuildSitesAfterChange()], afterDelete: [...(c.hooks?.afterDelete ?? []), rebuildSitesAfterDelete()] },
})
const cmsDir = path.resolve(import.meta.dirname, '../..')
export default buildConfig({
  admin: { user: Users.slug, importMap: { baseDir: cmsDir } },
  i18n: { supportedLanguages: { zh, en }, fallbackLanguage: 'zh' },
  collections: [...[Districts, Stations, Brands, News, Activities, Campaigns].map(withRebuild), Media, Users, SiteBuilds],
  editor: lexicalEditor(),
  secret: payloadSecret(),
  db: databaseAdapter(),
  sharp,
  telemetry: false,
})
