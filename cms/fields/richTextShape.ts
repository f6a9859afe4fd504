/**
 * The shape of a rich-text (Lexical) value, checked on save: the admin's editor throws on anything
 * it did not make itself, and an item it cannot open can no longer be edited. So a body must be a
 * Lexical document — `{ root: { type: 'root', children: [...] } }` — whose nodes are all of types
 * the field's editor knows, and text nodes carry no inline CSS: the editor applies a text node's
 * `style` as it is, so a writer's `position:fixed` overlay or `url(https://…)` would run in the
 * editor's browser. Styles (and over-encoded links) are repaired on save and again on every read,
 * for what was stored before.
 */

type Problem = { path: string; message: string }
type LexicalNode = Record<string, unknown> & { type?: unknown; children?: unknown; text?: unknown }

/** Node types Lexical itself registers for every editor; features add theirs (link, list, heading …). */
const coreNodeTypes = ['root', 'paragraph', 'text', 'linebreak', 'tab']

type FeatureNode = { node: { getType: () => string } | { replace: { getType: () => string } } }
const cache = new WeakMap<object, Set<string>>()

/** The node types a sanitized rich-text field's editor can show. */
export function knownNodeTypes(editor: unknown): Set<string> {
  const key = (editor ?? {}) as object
  let types = cache.get(key)
  if (!types) {
    const nodes = ((editor as { editorConfig?: { features?: { nodes?: FeatureNode[] } } })?.editorConfig?.features?.nodes ??
      []) as FeatureNode[]
    types = new Set([...coreNodeTypes, ...nodes.map(({ node }) => ('replace' in node ? node.replace.getType() : node.getType()))])
    cache.set(key, types)
  }
  return types
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? '数组' : typeof value === 'string' ? '字符串' : typeof value

/** Problems with a rich-text value's shape, each naming the field and the reason (none: fine, or empty). */
export function richTextShapeProblems(value: unknown, types: Set<string>, path: string): Problem[] {
  if (value === null || value === undefined) return []
  const root = (value as { root?: LexicalNode })?.root
  if (typeof value !== 'object' || Array.isArray(value) || !root || typeof root !== 'object' || root.type !== 'root') {
    return [
      {
        path,
        message: `富文本格式无效：应为编辑器生成的 Lexical 文档 { "root": { "type": "root", "children": [...] } }，收到的是${describe(value)} / Rich text must be a Lexical document`,
      },
    ]
  }
  const problems: Problem[] = []
  const walk = (node: LexicalNode, where: string) => {
    if (problems.length >= 5) return
    if (!node || typeof node !== 'object' || Array.isArray(node)) {
      problems.push({ path, message: `富文本格式无效：${where} 不是节点对象 / Not a node at ${where}` })
      return
    }
    if (typeof node.type !== 'string' || !types.has(node.type)) {
      problems.push({
        path,
        message: `富文本包含编辑器不支持的节点类型“${String(node.type).slice(0, 40)}”（位置 ${where}；可用：${[...types].join('、')}） / Unknown node type`,
      })
      return
    }
    if (node.type === 'text' && typeof node.text !== 'string')
      problems.push({ path, message: `富文本格式无效：${where} 的文字不是字符串 / Text node without text` })
    if (node.children === undefined) return
    if (!Array.isArray(node.children)) {
      problems.push({ path, message: `富文本格式无效：${where} 的 children 应为数组 / children must be an array` })
      return
    }
    node.children.forEach((child, i) => walk(child as LexicalNode, `${where}.children[${i}]`))
  }
  walk(root, 'root')
  return problems
}

/**
 * Payload's link feature stores a URL it does not recognise (e.g. `http://localhost:4321/…`, a host
 * without a dot) through encodeURIComponent, again at every save: `http%25253A%25252F…`. Links are
 * saved as typed now (./richTextEditor.ts); this undoes the encoding of links stored before. No
 * real link starts with an encoded scheme colon or slash, so only those are decoded, as many times
 * as they were encoded.
 */
export function decodeOverEncodedUrl(url: string): string {
  let decoded = url
  for (let round = 0; round < 12 && /^(?:[a-z][a-z\d+.-]*%(?:25)*3a|%(?:25)*2f)/i.test(decoded); round++) {
    try {
      decoded = decodeURIComponent(decoded)
    } catch {
      return url
    }
  }
  return decoded
}

/**
 * Repairs a stored rich-text tree in place: removes inline CSS from every node (text `style`,
 * element `textStyle`) and decodes over-encoded link URLs. Runs on save and on every read.
 */
export function repairStoredRichText(node: unknown): void {
  if (!node || typeof node !== 'object') return
  const n = node as LexicalNode & { fields?: { url?: unknown } }
  if (typeof n.style === 'string' && n.style !== '') n.style = ''
  if (typeof n.textStyle === 'string' && n.textStyle !== '') n.textStyle = ''
  if ((n.type === 'link' || n.type === 'autolink') && typeof n.fields?.url === 'string') n.fields.url = decodeOverEncodedUrl(n.fields.url)
  if (Array.isArray(n.children)) for (const child of n.children) repairStoredRichText(child)
}
