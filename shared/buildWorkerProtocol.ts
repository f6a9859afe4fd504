/**
 * The messages between a build worker (`scripts/build-sites.ts --worker`) and whoever drives it:
 * the full build (`build-sites.ts` without flags) and the CMS's rebuild queue
 * (`cms/publishing/buildWorkers.ts`). Both import these types, so the two sides cannot drift.
 */

/** A district site to build, as the full build hands it out. */
export type Site = { slug: string; name: string; url: string; items: number }

/** How one district build ended. */
export type SiteBuildOutcome = { slug: string; ok: boolean; pages: number; seconds: number; error?: string }

/** Parent → worker: build a site of the full build, rebuild one district (rebuild queue), or answer a ping. */
export type WorkerRequest = { type: 'build'; site: Site; allSlugs: string[] } | { type: 'rebuild'; slug: string } | { type: 'ping' }

/** Worker → parent: loaded and ready, the answer to a ping, or the outcome of a build with the worker's resident memory after it (`rssMB`, for the pool's memory budget). */
export type WorkerReply = { type: 'ready' } | { type: 'pong' } | { type: 'done'; outcome: SiteBuildOutcome; rssMB?: number }
