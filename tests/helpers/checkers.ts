/**
 * Checkers nobody here wrote, run on a built output root (issue 18): the Nu HTML checker (W3C's
 * validator, `vnu-jar`, run on Java) over every page at once, and linkinator crawling the sites
 * over HTTP from the output root's index. Neither touches the outside network: vnu reads files,
 * and linkinator skips every link that does not lead to the local server (after the deployment
 * origin is rewritten to it, so canonical, feed and QR addresses are checked too).
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { LinkChecker, LinkState } from 'linkinator'

import { repoRoot } from '../../shared/paths'

export const vnuJar = path.join(repoRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar')

export type HtmlError = { file: string; line?: number; message: string; extract?: string }

type VnuMessage = { type: string; subType?: string; url?: string; lastLine?: number; message: string; extract?: string }

/**
 * The Nu checker's errors on every .html file below `dir`, in one JVM run (starting Java is most of
 * the cost on a small site). `file` is relative to `dir`. Throws when Java or the checker fails.
 */
export async function nuHtmlErrors(dir: string): Promise<HtmlError[]> {
  // A short run: the quick compiler only and the serial collector take about half the CPU time and a
  // quarter of the memory of Java's defaults (473 demo pages: 5.9 s vs 13.8 s, 0.34 vs 1.26 GB);
  // the quick compiler's deeper frames need the bigger stack.
  const jvm = ['-Xss16m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC']
  const args = [...jvm, '-jar', vnuJar, '--format', 'json', '--errors-only', '--skip-non-html', dir]
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    child.on('error', (error) => reject(new Error(`java could not start (scripts/ensure-system.sh installs it): ${error.message}`)))
    child.on('close', (exit) => resolve({ code: exit, stdout: out, stderr: err }))
  })
  // vnu writes its JSON report to stderr and exits 1 when it found errors.
  let report: { messages: VnuMessage[] }
  try {
    report = JSON.parse(stderr) as { messages: VnuMessage[] }
  } catch {
    throw new Error(`the Nu checker exited with ${code} without a report:\n${(stderr || stdout).slice(-2000)}`)
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => ({
      file: m.url ? path.relative(dir, fileURLToPath(m.url)) : '(no file)',
      line: m.lastLine,
      message: m.message,
      extract: m.extract?.replace(/\s+/g, ' ').slice(0, 120),
    }))
}

export type BrokenLink = { url: string; status?: number; parent?: string }

/**
 * Links that do not resolve, found by crawling `serverUrl` (a local server of the output root) from
 * its `/` page. Addresses under `siteOrigin` (what the pages were built for) are checked on the
 * local server; every other host is skipped — no request leaves the machine.
 */
export async function brokenLinks(serverUrl: string, { siteOrigin }: { siteOrigin?: string } = {}) {
  const local = new URL(serverUrl).origin
  const deployed = siteOrigin?.replace(/\/$/, '')
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // linkinator asks about a link before rewriting it: the deployment origin's links are local too.
  const isLocal = (link: string) => [local, deployed].some((origin) => origin && (link === origin || link.startsWith(`${origin}/`)))
  const checker = new LinkChecker()
  const result = await checker.check({
    path: `${local}/`,
    recurse: true,
    concurrency: 8, // two cores, shared: enough to keep the local server busy
    timeout: 20_000,
    urlRewriteExpressions: deployed ? [{ pattern: new RegExp(`^${escape(deployed)}(?=/|$)`), replacement: local }] : [],
    linksToSkip: async (link) => !isLocal(link),
  })
  const broken: BrokenLink[] = result.links
    .filter((l) => l.state === LinkState.BROKEN)
    .map((l) => ({ url: l.url.replace(local, ''), status: l.status, parent: l.parent?.replace(local, '') }))
  const checked = result.links.filter((l) => l.state !== LinkState.SKIPPED).length
  const skipped = result.links.length - checked
  return { broken, checked, skipped }
}

/** The first `count` entries of a checker's findings, one line each, for a failure message. */
export const firstLines = (lines: string[], count = 30) =>
  lines.length > count ? [...lines.slice(0, count), `… and ${lines.length - count} more`].join('\n') : lines.join('\n')

export const describeHtmlError = (e: HtmlError) => `${e.file}:${e.line ?? '?'}  ${e.message}${e.extract ? `  «${e.extract}»` : ''}`
export const describeBrokenLink = (l: BrokenLink) => `${l.parent ?? '?'} → ${l.url} (${l.status ?? 'no answer'})`
