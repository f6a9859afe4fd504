/**
 * The CMS's side of the preview renderer (scripts/preview-renderer.ts): one process, started on
 * the first preview and kept warm, spoken to over IPC. cms/ never imports site/: the renderer
 * process loads the site's templates.
 */
import { spawn, type ChildProcess } from 'node:child_process'

import { buildEnv, buildRoot } from '../publishing/buildProcess'

export type PreviewRenderRequest = {
  collection: string
  district: string
  doc: Record<string, unknown>
  mediaBase: string
  view?: 'page' | 'home' | 'list'
}

const renderTimeoutMs = () => Number(process.env.PREVIEW_RENDER_TIMEOUT_MS) || 60_000

type Renderer = {
  child: ChildProcess
  ready: Promise<void>
  pending: Map<number, { resolve: (html: string) => void; reject: (error: Error) => void }>
  output: string
}
let renderer: Renderer | undefined
let nextId = 1

function startRenderer(): Renderer {
  // spawn with an IPC channel rather than fork(): the admin's bundler treats fork's path as a module to bundle.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/preview-renderer.ts'], {
    cwd: buildRoot(),
    env: buildEnv(),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const pending: Renderer['pending'] = new Map()
  let ready!: () => void
  let failed!: (error: Error) => void
  const started: Renderer = {
    child,
    pending,
    output: '',
    ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))),
  }
  started.ready.catch(() => undefined)
  const keep = (chunk: Buffer) => (started.output = (started.output + chunk.toString()).slice(-20_000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('message', (message: { type: string; id?: number; html?: string; error?: string }) => {
    if (message.type === 'ready') return ready()
    const waiting = message.id === undefined ? undefined : pending.get(message.id)
    if (!waiting) return
    pending.delete(message.id!)
    if (message.type === 'rendered') waiting.resolve(message.html ?? '')
    else waiting.reject(new Error(message.error ?? 'preview failed'))
  })
  child.on('exit', (code, signal) => {
    if (renderer === started) renderer = undefined
    const error = new Error(`the preview renderer exited with ${code ?? signal}:\n${started.output.slice(-2000)}`)
    failed(error)
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  })
  return started
}

/** Starts the renderer ahead of the first preview (the CMS server does at start). */
export function prewarmPreviewRenderer(): void {
  renderer ??= startRenderer()
}

export async function renderInRenderer(request: PreviewRenderRequest): Promise<string> {
  const current = (renderer ??= startRenderer())
  await current.ready
  const id = nextId++
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      current.pending.delete(id)
      reject(new Error(`the preview took longer than ${renderTimeoutMs()} ms`))
    }, renderTimeoutMs())
    current.pending.set(id, {
      resolve: (html) => (clearTimeout(timer), resolve(html)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    })
    current.child.send({ type: 'render', id, request })
  })
}

export function stopPreviewRenderer(): void {
  const current = renderer
  renderer = undefined
  if (current?.child.connected) current.child.disconnect()
  if (current && current.child.exitCode === null) current.child.kill('SIGTERM')
}
