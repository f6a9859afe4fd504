/**
 * The preview renderer: a process started by the CMS (cms/preview/renderer.ts) that keeps
 * Payload, Vite and the site's templates loaded and renders previews on request over its IPC
 * channel. The CMS never imports site/ code; this process does, like the build workers.
 *
 * Messages: { type: 'render', id, request } → { type: 'rendered', id, html } | { type: 'failed', id, error }.
 */
import { prepareBuildProcess } from './lib/site-build'

type RenderMessage = { type: 'render'; id: number; request: import('../site/preview/render').PreviewRequest }

const send = (message: unknown) => process.send?.(message)

async function main() {
  if (!process.send) throw new Error('scripts/preview-renderer.ts is started by the CMS (it needs an IPC channel)')
  // Exits with the CMS: a renderer whose parent let go of it has nobody to render for.
  process.on('disconnect', () => process.exit(0))
  const source = await prepareBuildProcess()
  const { renderPreview, warmTemplates } = await import('../site/preview/render')
  process.on('message', (message: RenderMessage) => {
    if (message?.type !== 'render') return
    renderPreview(source, message.request).then(
      (html) => send({ type: 'rendered', id: message.id, html }),
      (error: Error) => send({ type: 'failed', id: message.id, error: error?.stack || String(error) }),
    )
  })
  send({ type: 'ready' })
  // Vite, Astro and the page components load now, not on the first preview.
  await warmTemplates()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
