import type { CollectionBeforeOperationHook, Config, Plugin } from 'payload'

/**
 * Hard caps on what one REST or GraphQL read may ask for, so no client (anonymous or careless) can
 * make the server load and serialise a whole collection: `limit=100000`, `limit=0`, `limit=-1` and
 * `pagination=false` all become one page of at most `maxLimit` documents (the answer's
 * totalDocs/hasNextPage tell the client to page on), and `depth` is cut to `maxDepth`.
 * Server code (the Local API: seed, site loader in-process, jobs) is not capped.
 */
export const readLimits = {
  anonymous: { maxLimit: 100, maxDepth: 2 },
  signedIn: { maxLimit: 500, maxDepth: 4 },
} as const

const defaultLimit = 10

const capReads: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (req.payloadAPI === 'local' || (operation !== 'read' && operation !== 'readDistinct')) return args
  const { maxLimit, maxDepth } = req.user ? readLimits.signedIn : readLimits.anonymous
  const capped = args as { limit?: unknown; pagination?: unknown; depth?: unknown }
  const limit = Number(capped.limit ?? defaultLimit)
  capped.limit = Number.isFinite(limit) && limit >= 1 ? Math.min(Math.floor(limit), maxLimit) : maxLimit
  if ('pagination' in capped) capped.pagination = true
  const depth = Number(capped.depth ?? 0)
  if (capped.depth !== undefined) capped.depth = Number.isFinite(depth) && depth >= 0 ? Math.min(Math.floor(depth), maxDepth) : 0
  return args
}

/** Adds the caps to every collection (and the uncapped default depth of a read to the anonymous maximum). */
export const readLimitsPlugin: Plugin = (config: Config): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    hooks: { ...collection.hooks, beforeOperation: [capReads, ...(collection.hooks?.beforeOperation ?? [])] },
  })),
})
