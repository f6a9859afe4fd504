/**
 * The district tree (区 → 街道/镇/园区), walked the same way everywhere: the CMS's access rules,
 * rebuild hooks, word lists and parent check, the site loader, the site pages and the health check.
 * Ids are compared as strings (SQLite gives numbers, MongoDB strings, caches keep strings). Every
 * walk stops at a loop or after `maxTreeDepth` steps, so bad data can never hang a save or a build.
 */

/** Deepest hierarchy walked before assuming a loop (the real one is two or three levels). */
export const maxTreeDepth = 64

type Key = string | number

/** A district as far as the tree is concerned: its id and its parent's id (null or absent at the top). */
export type TreeNode<T extends Key = Key> = { id: T; parent?: unknown }

const same = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b)

/**
 * `start`, then its parent, its parent's parent … as `parentOf` gives them, until the top (null),
 * a district already seen, or `maxTreeDepth` districts. Walks ids, or district objects with `idOf`.
 */
export function walkUp<T>(
  start: T | null | undefined,
  parentOf: (current: T) => T | null | undefined,
  idOf: (current: T) => unknown = (current) => current,
): T[] {
  const chain: T[] = []
  for (let current = start ?? null; current !== null && chain.length < maxTreeDepth; current = parentOf(current) ?? null) {
    if (chain.some((seen) => same(idOf(seen), idOf(current)))) break
    chain.push(current)
  }
  return chain
}

/** `walkUp` with a parent that has to be read (from the database): one read per step, in order. */
export async function walkUpAsync<T extends Key>(
  start: T | null | undefined,
  parentOf: (id: T) => Promise<T | null | undefined>,
): Promise<T[]> {
  const chain: T[] = []
  for (let current = start ?? null; current !== null && chain.length < maxTreeDepth; current = (await parentOf(current)) ?? null) {
    if (chain.some((seen) => same(seen, current))) break
    chain.push(current)
  }
  return chain
}

/** `roots`, then every district below them, breadth first (children in the order of `nodes`), each once. */
export function withDescendants<T extends Key>(roots: T[], nodes: readonly TreeNode<T>[]): T[] {
  const ids = [...roots]
  for (let i = 0; i < ids.length; i++) {
    for (const node of nodes) if (same(node.parent, ids[i]) && !ids.some((id) => same(id, node.id))) ids.push(node.id)
  }
  return ids
}

/** The districts below `root` (not itself), depth first: each child followed by its own descendants. */
export function descendantsDepthFirst<T extends Key>(root: T, nodes: readonly TreeNode<T>[]): T[] {
  const below: T[] = []
  const visit = (id: T, depth: number) => {
    if (depth >= maxTreeDepth) return
    for (const node of nodes) {
      if (!same(node.parent, id) || below.some((seen) => same(seen, node.id)) || same(node.id, root)) continue
      below.push(node.id)
      visit(node.id, depth + 1)
    }
  }
  visit(root, 0)
  return below
}
