import { describe, expect, it } from 'vitest'

import { descendantsDepthFirst, maxTreeDepth, walkUp, walkUpAsync, withDescendants } from '../../shared/districtTree'

// 闵行区(1) → 新虹街道(2), 虹桥镇(3); 新虹街道 → 园区(4); 静安区(5) alone.
const tree = [
  { id: 1, parent: null },
  { id: 2, parent: 1 },
  { id: 3, parent: 1 },
  { id: 4, parent: 2 },
  { id: 5, parent: null },
]
const parentOf = (id: number) => tree.find((node) => node.id === id)?.parent ?? null

describe('walkUp', () => {
  it('gives the district, then each ancestor up to the top', () => {
    expect(walkUp(4, parentOf)).toEqual([4, 2, 1])
    expect(walkUp(5, parentOf)).toEqual([5])
    expect(walkUp(null, parentOf)).toEqual([])
  })

  it('stops at a loop, and after maxTreeDepth districts of a chain too long to be real', () => {
    const loop = new Map([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ])
    expect(walkUp('a', (id) => loop.get(id))).toEqual(['a', 'b', 'c'])
    expect(walkUp(0, (id) => id + 1)).toHaveLength(maxTreeDepth)
  })

  it('walks district objects by their id, and compares ids as strings (SQLite numbers, cached strings)', () => {
    const byId = new Map(tree.map((node) => [String(node.id), node]))
    expect(
      walkUp(
        byId.get('4'),
        (node) => byId.get(String(node.parent)),
        (node) => node.id,
      ).map((node) => node.id),
    ).toEqual([4, 2, 1])
    expect(walkUp<string | number>('2', (id) => (String(id) === '2' ? 2 : null))).toEqual(['2'])
  })
})

describe('walkUpAsync', () => {
  it('reads one parent per step, in order, and stops at a loop', async () => {
    const reads: number[] = []
    const chain = await walkUpAsync<number>(4, async (id) => {
      reads.push(id)
      return parentOf(id)
    })
    expect(chain).toEqual([4, 2, 1])
    expect(reads).toEqual([4, 2, 1])
    expect(await walkUpAsync<number>(1, async (id) => (id === 1 ? 2 : 1))).toEqual([1, 2])
  })
})

describe('withDescendants', () => {
  it('gives the roots, then every district below them, breadth first, each once', () => {
    expect(withDescendants([1], tree)).toEqual([1, 2, 3, 4])
    expect(withDescendants([2, 1], tree)).toEqual([2, 1, 4, 3])
    expect(withDescendants([5], tree)).toEqual([5])
    expect(
      withDescendants(
        ['1'],
        tree.map((node) => ({ id: String(node.id), parent: node.parent === null ? null : String(node.parent) })),
      ),
    ).toEqual(['1', '2', '3', '4'])
  })

  it('ends on a loop in the data', () => {
    expect(withDescendants([1], [...tree, { id: 1, parent: 4 }])).toEqual([1, 2, 3, 4])
  })
})

describe('descendantsDepthFirst', () => {
  it('gives each child followed by its own descendants, without the root', () => {
    expect(descendantsDepthFirst(1, tree)).toEqual([2, 4, 3])
    expect(descendantsDepthFirst(5, tree)).toEqual([])
  })

  it('ends on a loop in the data', () => {
    expect(descendantsDepthFirst(1, [...tree, { id: 1, parent: 4 }])).toEqual([2, 4, 3])
  })
})
