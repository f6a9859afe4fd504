import { APIError, ValidationError, type CollectionBeforeOperationHook, type Config, type Plugin } from 'payload'

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
  // Ids and slugs are looked up for signed-in writers only: an anonymous write is refused by access
  // anyway, and its answers must not tell which (unpublished) records exist.
  if (problems.length === 0 && req.user)
    problems.push(...(await checkIdReferences(req, ids)), ...(await resolveSlugReferences(req, references)))
  if (problems.length > 0) throw strictWriteError(collection.slug, problems)
  return args
}

/**
 * An id that cannot be one (`/api/stations/hongmei` where ids are numbers) failed in the database with
 * 500: it is a 404 that says what ids look like and how to find a record by its slug.
 */
const checkIdShape: CollectionBeforeOperationHook = ({ args, req, collection }) => {
  const id = (args as { id?: unknown }).id
  if (req.payloadAPI === 'local' || id === undefined || id === null || req.payload.db.defaultIDType !== 'number') return args
  // Payload's REST handler has already turned "hongmei" into NaN; the route still has the text.
  if (typeof id === 'number' ? Number.isFinite(id) : /^\d+$/.test(String(id))) return args
  const shown = String((req.routeParams as { id?: unknown } | undefined)?.id ?? id).slice(0, 60)
  throw new APIError(
    `找不到 id 为 "${shown}" 的${collection.slug}：id 是数字，按网址别名查找请用 ?where[slug][equals]=${encodeURIComponent(shown)} / No ${collection.slug} with id "${shown}": ids are numbers; find by slug with ?where[slug][equals]=…`,
    404,
    null,
    true,
  )
}

/** Adds the check to every collection, before any other operation hook, and API paths to Payload's field errors. */
export const strictWritesPlugin: Plugin = (config: Config): Config => ({
  ...config,
  hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), nameApiPaths] },
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    hooks: { ...collection.hooks, beforeOperation: [checkIdShape, checkWrites, ...(collection.hooks?.beforeOperation ?? [])] },
  })),
})
