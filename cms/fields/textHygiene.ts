import {
  ValidationError,
  type CollectionAfterReadHook,
  type CollectionBeforeValidateHook,
  type CollectionConfig,
  type Field,
} from 'payload'

import { cleanText, isSafeHref } from '../../shared/safeText'
import { knownNodeTypes, richTextShapeProblems, repairStoredRichText } from './richTextShape'

/**
 * Hostile text, handled once for every collection (cms/payload.config.ts):
 * - every text, textarea and rich-text string is cleaned on save (shared/safeText.ts:
 *   broken surrogates, zero-width and bidi-override characters);
 * - rich-text links may only be http(s), mailto, tel or relative — anything else is
 *   refused with a message on the field, and nothing is saved;
 * - text fields get a length limit where they have none, so a 100,000-character title
 *   is a clear error instead of a page no one can open.
 * Escaping is the renderers' job (Astro and the Lexical HTML converter); this is what
 * escaping cannot do.
 */

/** Limits for fields that set none: one line of text, and a textarea. Titles and names set their own. */
export const defaultMaxLength = { text: 500, textarea: 5000 } as const

type Problem = { path: string; message: string }
type LexicalNode = { type?: string; text?: unknown; fields?: { url?: unknown; linkType?: string }; children?: LexicalNode[] }

function cleanLexical(node: LexicalNode, path: string, problems: Problem[]) {
  if (typeof node.text === 'string') node.text = cleanText(node.text)
  if ((node.type === 'link' || node.type === 'autolink') && node.fields?.linkType !== 'internal') {
    const url = typeof node.fields?.url === 'string' ? node.fields.url : ''
    if (!isSafeHref(url)) {
      problems.push({
        path,
        message: `链接“${url.slice(0, 60)}”不被允许：只能使用 http(s)、mailto、tel 或站内相对地址。Links may only be http(s), mailto, tel or relative.`,
      })
    }
  }
  for (const child of node.children ?? []) cleanLexical(child, path, problems)
}

/** Walks the collection's fields alongside the submitted data, cleaning in place. */
function cleanFields(fields: Field[], data: Record<string, unknown> | undefined, path: string, problems: Problem[]) {
  if (!data || typeof data !== 'object') return
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') {
      cleanFields(field.fields, data, path, problems)
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) cleanFields(tab.fields, data[tab.name] as Record<string, unknown>, `${path}${tab.name}.`, problems)
        else cleanFields(tab.fields, data, path, problems)
      }
      continue
    }
    if (!('name' in field)) continue
    const value = data[field.name]
    const here = `${path}${field.name}`
    if (field.type === 'text' || field.type === 'textarea' || field.type === 'email') {
      if (typeof value === 'string') data[field.name] = cleanText(value)
      else if (Array.isArray(value)) data[field.name] = value.map((v) => (typeof v === 'string' ? cleanText(v) : v))
    } else if (field.type === 'richText') {
      const shape = richTextShapeProblems(value, knownNodeTypes(field.editor), here)
      problems.push(...shape)
      const root = (value as { root?: LexicalNode } | null)?.root
      if (root && shape.length === 0) {
        repairStoredRichText(root)
        cleanLexical(root, here, problems)
      }
    } else if (field.type === 'group') {
      cleanFields(field.fields, value as Record<string, unknown>, `${here}.`, problems)
    } else if (field.type === 'array' && Array.isArray(value)) {
      value.forEach((row, i) => cleanFields(field.fields, row as Record<string, unknown>, `${here}.${i}.`, problems))
    }
  }
}

/** Cleans the submitted data against the sanitized collection (its rich-text fields carry their editor's node types). */
const cleanInput: CollectionBeforeValidateHook = ({ data, collection }) => {
  const problems: Problem[] = []
  cleanFields(collection.fields, data as Record<string, unknown>, '', problems)
  if (problems.length) throw new ValidationError({ collection: collection.slug, errors: problems })
  return data
}

/** Rich text stored before it was repaired on save (inline CSS, over-encoded links) reaches no editor or site unrepaired. */
function repairRichTextFields(fields: Field[], doc: Record<string, unknown> | undefined) {
  if (!doc || typeof doc !== 'object') return
  for (const field of fields) {
    if (field.type === 'row' || field.type === 'collapsible') repairRichTextFields(field.fields, doc)
    else if (field.type === 'tabs')
      for (const tab of field.tabs)
        repairRichTextFields(tab.fields, 'name' in tab && tab.name ? (doc[tab.name] as Record<string, unknown>) : doc)
    else if (!('name' in field)) continue
    else if (field.type === 'richText') {
      const value = doc[field.name] as { root?: unknown } | null | undefined
      // One locale's document, or every locale's ({ zh: {...}, en: {...} } when read with locale=all).
      if (value?.root) repairStoredRichText(value.root)
      else if (value && typeof value === 'object')
        for (const perLocale of Object.values(value) as ({ root?: unknown } | null)[]) repairStoredRichText(perLocale?.root)
    } else if (field.type === 'group') repairRichTextFields(field.fields, doc[field.name] as Record<string, unknown>)
    else if (field.type === 'array' && Array.isArray(doc[field.name]))
      for (const row of doc[field.name] as unknown[]) repairRichTextFields(field.fields, row as Record<string, unknown>)
  }
}
const repairRichTextOnRead: CollectionAfterReadHook = ({ doc, collection }) => {
  repairRichTextFields(collection.fields, doc)
  return doc
}

/** Sets the default length limits on text fields without one (recursively). */
function limitTextFields(fields: Field[]): Field[] {
  return fields.map((field) => {
    if ((field.type === 'text' || field.type === 'textarea') && field.maxLength === undefined) {
      return { ...field, maxLength: defaultMaxLength[field.type] } as Field
    }
    if (field.type === 'tabs') return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: limitTextFields(tab.fields) })) }
    if ('fields' in field && Array.isArray(field.fields)) return { ...field, fields: limitTextFields(field.fields) } as Field
    return field
  })
}

/** Applies cleaning, link checks and length limits to a collection. */
export function withTextHygiene(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    fields: limitTextFields(collection.fields),
    hooks: {
      ...collection.hooks,
      beforeValidate: [cleanInput, ...(collection.hooks?.beforeValidate ?? [])],
      afterRead: [...(collection.hooks?.afterRead ?? []), repairRichTextOnRead],
    },
  }
}
