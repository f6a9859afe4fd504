/**
 * Lexical rich text → plain text for the content check. Hand-written rather than
 * `convertLexicalToPlaintext`: finding positions count characters in exactly this
 * text (blank line between blocks, tab between table cells), which the patterns rely on.
 */

type LexicalNode = { type?: unknown; text?: unknown; children?: unknown }

/** Nodes that start their own line(s); everything else is inline and flows into its neighbours. */
const blockTypes = new Set([
  'root',
  'paragraph',
  'heading',
  'quote',
  'list',
  'listitem',
  'code',
  'table',
  'tablerow',
  'tablecell',
  'horizontalrule',
  'upload',
  'relationship',
  'block',
  'layout-container',
  'layout-item',
])

/** How a container's block-level parts are joined. */
const separators: Record<string, string> = { root: '\n\n', list: '\n', listitem: '\n', table: '\n', tablerow: '\t' }

const maxNesting = 100

function isNode(value: unknown): value is LexicalNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function renderNode(node: LexicalNode, depth: number): string {
  if (depth > maxNesting) return ''
  const type = typeof node.type === 'string' ? node.type : ''
  if (type === 'linebreak') return '\n'
  if (type === 'tab') return '\t'
  if (typeof node.text === 'string') return node.text
  if (!Array.isArray(node.children)) return ''
  const separator = separators[type] ?? '\n\n'
  const parts: string[] = []
  let inline = ''
  let inlineOpen = false
  for (const child of node.children) {
    if (!isNode(child)) continue
    const childType = typeof child.type === 'string' ? child.type : ''
    if (blockTypes.has(childType)) {
      if (inlineOpen) parts.push(inline)
      inline = ''
      inlineOpen = false
      parts.push(renderNode(child, depth + 1))
    } else {
      inline += renderNode(child, depth + 1)
      inlineOpen = true
    }
  }
  if (inlineOpen) parts.push(inline)
  // Empty paragraphs and the like would only add blank lines; table cells keep their places.
  return (type === 'tablerow' ? parts : parts.filter((part) => part !== '')).join(separator)
}

/**
 * Plain text of a Payload Lexical rich-text value (`{ root: { children } }`):
 * paragraphs, headings, quotes and lists separated by a blank line, list items
 * by a line break. Accepts the JSON as a string too; anything else gives ''.
 */
export function lexicalToPlainText(state: unknown): string {
  let value = state
  if (typeof value === 'string') {
    if (!value.trimStart().startsWith('{')) return ''
    try {
      value = JSON.parse(value)
    } catch {
      return ''
    }
  }
  if (!isNode(value) || !isNode((value as { root?: unknown }).root)) return ''
  try {
    return renderNode((value as { root: LexicalNode }).root, 0)
  } catch {
    return ''
  }
}
