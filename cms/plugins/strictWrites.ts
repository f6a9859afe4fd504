import { ValidationError, type CollectionBeforeOperationHook, type Config, type Plugin } from 'payload'

import { nameApiPaths } from './strictWrites/apiMessages'
import { checkWriteData, type Problem } from './strictWrites/checkData'
import { authKeys, systemKeys } from './strictWrites/fieldShapes'
import { checkIdReferences, resolveSlugReferences } from './strictWrites/slugReferences'

/**
 * Strict writes over REST and GraphQL (create and update, one or many): the data must match the
 * collection's field definitions. Unknown keys (at any depth), wrong types, values outside a select's
 * options, dates that are not ISO dates and relationships that name nothing are refused with 400 and a
 * message per API path — Chinese, then English after " / " — before anything is written, where Payload
 * silently dropped them or failed with 500. Relationships also take a slug reference (`{"slug": "…"}`).
 * The Local API (seed, scripts, jobs) is trusted and not checked.
 */
export function strictWriteError(collection: string, problems: Problem[]): ValidationError {
  const error = new ValidationError({ collection, errors: problems })
  const list = problems.map((p) => p.message.split(' / ')[0].replace(/,/g, '，').replace(/:/g, '：'))
  error.message = `请求数据不符合接口要求: ${list.join(', ')} / Invalid request data: ${problems.map((p) => p.path || '(body)').join(', ')}`
  return error
}

const checkWrites: CollectionBeforeOperationHook = async ({ args, operation, req, collection }) => {
  if (req.payloadAPI === 'local' || (operation !== 'create' && operation !== 'update' && operation !== 'updateByID')) return args
  const data = (args as { data?: unknown }).data
  if (data === undefined) return args
  const locales = req.payload.config.localization ? req.payload.config.localization.localeCodes : []
  const allowed = new Set([...systemKeys, ...(collection.auth ? authKeys : [])])
  const { problems, references, ids } = checkWriteData(collection.fields, data, { allowed, locales })
  if (problems.length === 0) problems.push(...(await checkIdReferences(req, ids)), ...(await resolveSlugReferences(req, references)))
  if (problems.length > 0) throw strictWriteError(collection.slug, problems)
  return args
}

/** Adds the check to every collection, before any other operation hook, and API paths to Payload's field errors. */
export const strictWritesPlugin: Plugin = (config: Config): Config => ({
  ...config,
  hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), nameApiPaths] },
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    hooks: { ...collection.hooks, beforeOperation: [checkWrites, ...(collection.hooks?.beforeOperation ?? [])] },
  })),
})
