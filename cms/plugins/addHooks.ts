import type { CollectionConfig, Config } from 'payload'

type Hooks = NonNullable<CollectionConfig['hooks']>
type HookLists = { [K in keyof Hooks]?: Hooks[K] }

/**
 * A config whose collections named in `slugs` (every collection for 'all') get the `before` hooks
 * `hooksFor` gives in front of their own, and its `after` hooks behind them. The plugins of this folder are made of it;
 * their order in ./index.ts is the order their hooks run in.
 */
export function addHooks(
  config: Config,
  slugs: readonly string[] | 'all',
  hooksFor: (collection: CollectionConfig) => { before?: HookLists; after?: HookLists },
): Config {
  const applies = (collection: CollectionConfig) => slugs === 'all' || slugs.includes(collection.slug)
  return {
    ...config,
    collections: (config.collections ?? []).map((collection) => {
      if (!applies(collection)) return collection
      const { before = {}, after = {} } = hooksFor(collection)
      const hooks: Record<string, unknown[]> = { ...(collection.hooks as Record<string, unknown[]>) }
      for (const [name, list] of Object.entries(before)) hooks[name] = [...(list as unknown[]), ...(hooks[name] ?? [])]
      for (const [name, list] of Object.entries(after)) hooks[name] = [...(hooks[name] ?? []), ...(list as unknown[])]
      return { ...collection, hooks: hooks as Hooks }
    }),
  }
}
