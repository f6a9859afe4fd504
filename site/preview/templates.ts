/**
 * The site's own page components, loaded for preview through Vite's SSR module loader with
 * Astro's Vite config (the one a build uses), and rendered with Astro's Container API: the
 * preview and the static build share every template, layout, component and stylesheet.
 *
 * One Vite server per district, since Astro's `base` (/<district>/) is fixed per config and
 * pages build their links from it; a few are kept warm.
 */
import path from 'node:path'

import { repoRoot } from '../../shared/paths'

type Vite = import('vite').ViteDevServer
type Container = Awaited<ReturnType<typeof import('astro/container').experimental_AstroContainer.create>>

const kept = 3
const servers = new Map<string, Promise<{ vite: Vite; container: Container; css: string }>>()

async function startTemplates(district: string) {
  const [{ createServer }, { getViteConfig }, { experimental_AstroContainer }] = await Promise.all([
    import('vite'),
    import('astro/config'),
    import('astro/container'),
  ])
  // astro.config.mjs reads the district from the environment, as in a build.
  process.env.SITE_DISTRICT = district
  const configure = getViteConfig({ root: repoRoot, server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'warn' } as never, {
    root: repoRoot,
    logLevel: 'warn',
  } as never)
  const config = await (configure as (env: { mode: string; command: string }) => Promise<Record<string, unknown>>)({ mode: 'production', command: 'serve' })
  const vite = await createServer({ ...config, configFile: false })
  const container = await experimental_AstroContainer.create()
  // The site's stylesheet, as Vite compiles it for the build; components' scoped styles are added per render.
  const css = ((await vite.ssrLoadModule(path.join(repoRoot, 'site/styles/global.css') + '?inline')) as { default: string }).default
  return { vite, container, css }
}

export function templates(district: string) {
  let started = servers.get(district)
  if (!started) {
    started = startTemplates(district)
    servers.set(district, started)
    started.catch(() => servers.delete(district))
    while (servers.size > kept) {
      const [oldest, server] = servers.entries().next().value!
      servers.delete(oldest)
      void server.then(({ vite }) => vite.close()).catch(() => undefined)
    }
  }
  return started
}

export async function closeTemplates() {
  const all = [...servers.values()]
  servers.clear()
  await Promise.allSettled(all.map(async (s) => (await s).vite.close()))
}
