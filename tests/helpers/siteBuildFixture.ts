/**
 * The built sites the site test (tests/e2e/site.test.ts) checks: a seeded CMS plus text that must
 * never be public (an unpublished draft, an unpublished change, editor-only fields, a word list, a
 * user), marked with one token; what an anonymous visitor reads over REST; then every district
 * site built by `scripts/build-sites.ts` as from a developer's shell.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { seed } from '../../cms/seed'
import { paragraphsToLexical } from '../../cms/seed/lexical'
import { day } from './fixtures'
import type { TestCms } from './payload'
import { restClient } from './rest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const artifactsDir = path.join(repoRoot, 'tests/artifacts')

/** Runs a command from the repo root; resolves with its exit code and combined output. */
function run(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      output += `\n[test] killed after ${timeoutMs} ms\n`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/**
 * Seeds `cms`, adds the private text marked with `draftMarker`/`draftToken`, collects the anonymous
 * REST answers into `anonymousReads`, releases the database (`onReleased`) and builds every site.
 * Returns the output root.
 */
export async function seedAndBuildAllSites(
  cms: TestCms,
  {
    draftToken,
    draftMarker,
    anonymousReads,
    onReleased,
  }: { draftToken: string; draftMarker: string; anonymousReads: string[]; onReleased: () => void },
): Promise<string> {
  const { payload } = cms
  await seed(payload, { log: () => {} })

  // An unpublished draft in xinhong, marked everywhere a page could show it.
  const xinhong = await payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } }, limit: 1 })
  const district = xinhong.docs[0]
  if (!district) throw new Error('seed did not create the xinhong district')
  const draft = await payload.create({
    collection: 'news',
    draft: true,
    data: {
      title: `未发布草稿 ${draftMarker}`,
      slug: `draft-${draftToken}`,
      district: district.id,
      publishedOn: day('2026-01-15'), // newest item, so a leak would top every list
      summary: `欣虹空间草稿摘要 ${draftMarker}`,
      body: paragraphsToLexical(`欣虹空间草稿正文 ${draftMarker}`) as never,
      tags: [draftMarker],
    },
  })
  // Guard the premise: it really is stored, and really is a draft.
  const stored = await payload.findByID({ collection: 'news', id: draft.id, draft: true })
  if (stored._status !== 'draft') throw new Error(`draft news was stored as ${stored._status}`)

  // 闵行区's site shows a 街道's items only once they are co-published (信息报送); the seed accepted the
  // demo's, so the 区 site's search and canonical behaviour for 街道 pages is exercised below.
  const opens = (await payload.find({ collection: 'news', where: { slug: { equals: 'xinhong-space-opens-2018' } }, limit: 1 })).docs[0]
  if (!opens) throw new Error('seed did not create xinhong-space-opens-2018')
  const accepted = await payload.count({
    collection: 'co-publications',
    where: { and: [{ itemKey: { equals: `news:${opens.id}` } }, { state: { equals: 'accepted' } }] },
  })
  if (accepted.totalDocs !== 1) throw new Error('the seed did not co-publish xinhong-space-opens-2018 to 闵行区')

  // The same marker in everything else that is not public: an unpublished change of a published
  // item, editor-only fields of a published one, a word list and a user account.
  const published = (
    await payload.find({ collection: 'news', where: { district: { equals: district.id }, _status: { equals: 'published' } }, limit: 2 })
  ).docs
  await payload.update({ collection: 'news', id: published[0]!.id, draft: true, data: { title: `待审修改 ${draftMarker}` } })
  await payload.update({ collection: 'news', id: published[1]!.id, data: { sources: [`内部资料 ${draftMarker}`] } as never })
  await payload.create({
    collection: 'word-lists',
    data: {
      name: `词表 ${draftMarker}`,
      district: district.id,
      words: [{ word: draftToken, level: 'forbidden', note: draftMarker }],
    } as never,
  })
  await payload.create({
    collection: 'users',
    data: {
      email: `${draftToken}@example.com`,
      password: `pw-${draftToken}`,
      name: draftMarker,
      roles: ['writer'],
      districts: [district.id],
    } as never,
  })
  // What an anonymous visitor can read over REST, every collection at depth 2, drafts asked for.
  const rest = restClient(cms.config)
  for (const collection of [
    'districts',
    'stations',
    'brands',
    'news',
    'activities',
    'campaigns',
    'media',
    'documents',
    'co-publications',
    'users',
    'word-lists',
    'site-builds',
    'site-health',
  ]) {
    for (const query of ['?limit=1000&depth=2', '?limit=1000&depth=2&draft=true']) {
      const response = await rest.get(`/${collection}${query}`)
      anonymousReads.push(`${collection}${query} ${response.status} ${JSON.stringify(response.body)}`)
    }
  }
  for (const id of [draft.id, published[0]!.id])
    anonymousReads.push(JSON.stringify((await rest.get(`/news/${id}?draft=true&depth=2`)).body))
  anonymousReads.push(JSON.stringify((await rest.get('/news/versions?limit=1000')).body))

  // The build opens the same SQLite file in another process: release it first, keep the dir.
  await payload.destroy()
  onReleased()

  const outDir = path.join(cms.dir, 'dist')
  // Build as from a developer's shell: without vitest's NODE_ENV=test and VITEST* variables.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && key !== 'TEST'),
  )
  const build = await run(
    'npx',
    ['tsx', 'scripts/build-sites.ts'],
    { ...env, DATABASE_URI: process.env.DATABASE_URI, MEDIA_DIR: process.env.MEDIA_DIR, SITES_OUT_DIR: outDir },
    14 * 60_000,
  )
  fs.mkdirSync(artifactsDir, { recursive: true })
  fs.writeFileSync(path.join(artifactsDir, 'build-sites.log'), build.output)
  if (build.code !== 0) {
    throw new Error(`scripts/build-sites.ts exited with ${build.code}; last output:\n${build.output.slice(-8000)}`)
  }
  return outDir
}
