/**
 * The site's own page components, loaded for preview through Vite's SSR module loader with
 * Astro's Vite config (the one a build uses), and rendered with Astro's Container API: the
 * preview and the static build share every template, layout, component and stylesheet.
 *
 * One Vite server for every district: pages build their links with site/lib/urls.ts, which takes
 * the previewed district's base path during a preview.
 */
import path from 'node:path'

import { repoRoot } from '../../shared/paths'

type Vite = import('vite').ViteDevServer
type Container = Awaited<ReturnType<typeof import('astro/container').experimental_AstroContainer.create>>
export type Templates = {
  vite: Vite
  container: Container
  css: string
  page: (file: string) => Promise<{ default: never }>
  /** Any site module (e.g. site/lib/content.ts) as the pages see it: the same instance. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page module compiled at run time; Astro gives it no static type
  module: (file: string) => Promise<any>
}

let started: Promise<Templates> | undefined

async function startTemplates(): Promise<Templates> {
  const [{ createServer }, { getViteConfig }, { experimental_AstroContainer }] = await Promise.all([
    import('vite'),
    import('astro/config'),
    import('astro/container'),
  ])
  // astro.config.mjs reads the district from the environment; previews set theirs per render.
  process.env.SITE_DISTRICT = 'preview'
  const configure = getViteConfig(
    { root: repoRoot, server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'warn' },
    { root: repoRoot, logLevel: 'warn' },
  )
  const config = await configure({ mode: 'production', command: 'serve' })
  const vite = await createServer({ ...config, configFile: false })
  const container = await experimental_AstroContainer.create()
  // The site's stylesheets (as Base.astro imports them) as Vite compiles them for the build, inlined as the build inlines them.
  const inline = async (file: string) =>
    ((await vite.ssrLoadModule(path.join(repoRoot, 'site/styles', file) + '?inline')) as { default: string }).default
  const css = (await inline('global.css')) + (await inline('touch.css'))
  const page = (file: string) => vite.ssrLoadModule(path.join(repoRoot, 'site/pages', file)) as Promise<{ default: never }>
  const module = (file: string) => vite.ssrLoadModule(path.join(repoRoot, file))
  return { vite, container, css, page, module }
}

export function templates(): Promise<Templates> {
  if (!started) {
    started = startTemplates()
    started.catch(() => (started = undefined))
  }
  return started
}

export async function closeTemplates() {
  const current = started
  started = undefined
  if (current) await (await current).vite.close()
}
