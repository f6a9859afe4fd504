import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { en } from '@payloadcms/translations/languages/en'
import { zh } from '@payloadcms/translations/languages/zh'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { workQueuesComponent } from './admin/components'
import { zhOverrides } from './admin/translations'
import { countFailedSignIns } from './api/authRateLimit'
import { sendEmailInBackground } from './api/backgroundEmail'
import { editConflictLoggingLevels } from './api/editConflict'
import { keepValidationDetails } from './api/validationDetails'
import { explainStorageErrors } from './api/storageErrors'
import { Activities } from './collections/Activities'
import { Brands } from './collections/Brands'
import { Campaigns } from './collections/Campaigns'
import { CoPublications } from './collections/CoPublications'
import { Districts } from './collections/Districts'
import { Documents } from './collections/Documents'
import { Media } from './collections/Media'
import { News } from './collections/News'
import { Stations } from './collections/Stations'
import { SiteBuilds } from './collections/SiteBuilds'
import { SiteHealth } from './collections/SiteHealth'
import { Users } from './collections/Users'
import { WordLists } from './collections/WordLists'
import { databaseAdapter, tuneSqliteConnection } from './database'
import { richTextEditor } from './fields/richTextEditor'
import { rebuildAllSitesTask } from './publishing/nightly'
import { allowedOrigins, payloadSecret } from './env'
import { openApiEndpoint } from './api/openapi/document'
import { plugins } from './plugins'
import { livePreview } from './preview/adminPreview'
import { previewEndpoints } from './preview/endpoints'
import { transferEndpoints } from './transfer/endpoints'

const cmsDir = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({
  admin: {
    user: Users.slug,
    importMap: { baseDir: cmsDir, importMapFile: path.resolve(cmsDir, 'app/(payload)/admin/importMap.js') },
    meta: { titleSuffix: ' · 党建内容管理', title: '党建内容管理' },
    // Chinese dates and 24-hour times in lists and the schedule dialog's upcoming list: 2026年11月30日 00:00.
    dateFormat: 'yyyy年M月d日 HH:mm',
    // Scheduling in Shanghai time only: the schedule dialog offers this one zone, preset.
    timezones: { supportedTimezones: [{ label: '北京时间（Asia/Shanghai）', value: 'Asia/Shanghai' }], defaultTimezone: 'Asia/Shanghai' },
    // 实时预览 beside the form and the 预览链接 button (cms/preview/adminPreview.ts).
    livePreview,
    avatar: 'default', // gravatar would call out to the internet
    components: {
      // 站点健康: per district, stale sections, broken links, images without alt, heavy pages, last builds.
      views: { siteHealth: { Component: '/health/SiteHealthView#SiteHealthView', path: '/site-health' } },
      afterNavLinks: ['/health/SiteHealthNavLink#SiteHealthNavLink'],
      // 工作台: the signed-in user's queues (待我审核, 待我发布, 被退回 …) with links to the filtered lists.
      beforeDashboard: [workQueuesComponent],
      // English in the schedule dialog that no translation key reaches (cms/admin/ScheduleDrawerWording.tsx).
      providers: ['/admin/ScheduleDrawerWording#ScheduleDrawerWording'],
    },
  },
  // A locked database or a full disk: a clear message instead of "Something went wrong."
  // A refused sign-in counts against the rate limit and never says that an account is locked (cms/api/authRateLimit.ts).
  // Field errors keep their per-field details in every answer (cms/api/validationDetails.ts).
  hooks: { afterError: [explainStorageErrors, countFailedSignIns, keepValidationDetails] },
  // Content in Chinese, optionally also in English: names, titles, summaries and bodies are
  // localized. Reads without a locale get Chinese (fallback: true is also what makes Payload
  // default a request without ?locale to zh); the site loader asks for English with
  // fallback-locale=none, so an untranslated item has no English rather than Chinese in its place.
  localization: {
    locales: [
      { code: 'zh', label: '中文' },
      { code: 'en', label: 'English' },
    ],
    defaultLocale: 'zh',
    fallback: true,
  },
  i18n: {
    supportedLanguages: { zh, en },
    fallbackLanguage: 'zh',
    // Payload's Chinese where it reads oddly or is missing (cms/admin/translations.ts).
    translations: { zh: zhOverrides },
  },
  collections: [
    Districts,
    Stations,
    Brands,
    News,
    Activities,
    Campaigns,
    CoPublications,
    Media,
    Documents,
    Users,
    WordLists,
    SiteBuilds,
    SiteHealth,
  ],
  // Cross-cutting behaviour (review chain, site rebuilds, edit conflicts, text hygiene, the public
  // read cache, read limits, strict writes, preview links), listed in one place: cms/plugins/index.ts.
  plugins,
  // 导出/导入 per collection in the admin, scoped to the user's districts (cms/transfer/endpoints.ts);
  // 预览: drafts rendered with the sites' own templates, for staff in scope or a signed link (cms/preview/).
  // The OpenAPI 3.1 document of the REST API, generated from this config (cms/api/openapi/).
  endpoints: [openApiEndpoint, ...transferEndpoints, ...previewEndpoints],
  editor: richTextEditor,
  secret: payloadSecret(),
  // Cookie-authenticated API calls only from these origins, and cross-origin reads only by them
  // (If-Match allowed: saves send it to detect edit conflicts, cms/api/editConflict.ts).
  ...(allowedOrigins() ? { csrf: allowedOrigins(), cors: { origins: allowedOrigins()!, headers: ['If-Match'] } } : {}),
  db: databaseAdapter(),
  onInit: async (payload) => {
    await tuneSqliteConnection(payload)
    sendEmailInBackground(payload) // mail never holds a transaction (cms/api/backgroundEmail.ts)
  },
  sharp,
  telemetry: false,
  loggingLevels: editConflictLoggingLevels,
  jobs: {
    // Scheduled publish/unpublish are jobs: the admin server runs due jobs every minute
    // (`npm start` sets PAYLOAD_JOBS_AUTORUN=1 for it; scripts and tests run them explicitly).
    autoRun: [
      { cron: '* * * * *', queue: 'default', limit: 50 },
      { cron: '* * * * *', queue: 'nightly', limit: 1 },
    ],
    tasks: [rebuildAllSitesTask],
    shouldAutoRun: () => process.env.PAYLOAD_JOBS_AUTORUN === '1',
    deleteJobOnComplete: false,
  },
  graphQL: { disable: false },
  typescript: { outputFile: path.resolve(cmsDir, 'payload-types.ts'), autoGenerate: false },
})
