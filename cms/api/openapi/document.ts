import type { Endpoint, SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import { reviewStates } from '../../review/workflow'
import { authKeys, systemKeys } from '../../plugins/strictWrites/fieldShapes'
import { readSchema, writeSchema, type JsonSchema } from './fieldSchemas'

/**
 * The OpenAPI 3.1 document of the REST API (GET /api/openapi.json), generated from the Payload
 * config at request time: every collection's CRUD with its read and write schemas, the one error
 * format, the review transitions and slug references. Payload's own generator packages describe
 * neither our strict-write rules nor our error format, so this is built here from the same field
 * descriptions the strict-write check uses.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: JsonSchema) => ({ 'application/json': { schema } })
const errorResponses = {
  '400': { description: '请求数据有误 / Invalid data: one entry per API path in errors[0].data.errors', content: json(ref('Error')) },
  '401': { description: '未登录 / Not signed in', content: json(ref('Error')) },
  '403': { description: '无权执行 / Not allowed', content: json(ref('Error')) },
}

const reviewFlow = [
  'Review chain (三审) of news, activities and campaigns — PATCH /api/{collection}/{id}?draft=true with:',
  '  {"reviewState": "submitted"}  draft → submitted (提交审核; writers and editors; runs the 错敏词 check)',
  '  {"reviewState": "draft"}      submitted → draft (a writer withdraws, 撤回)',
  '  {"reviewState": "reviewed"}   submitted → reviewed (审核通过; district editors)',
  '  {"reviewState": "draft", "rejectReason": "…"}  submitted/reviewed → draft (退回; editors, reason required)',
  'Publish (发布; editors, after review; admins may override, logged) — PATCH /api/{collection}/{id} with {"_status": "published"}',
  'Unpublish (撤销发布; editors) — PATCH /api/{collection}/{id} with {"_status": "draft"}',
].join('\n')

const listParameters = [
  {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: 500 },
    description: 'page size (anonymous ≤ 100, signed in ≤ 500)',
  },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'a field name, - for descending' },
  {
    name: 'where',
    in: 'query',
    style: 'deepObject',
    explode: true,
    schema: { type: 'object' },
    description: 'Payload query, e.g. where[slug][equals]=xinhong',
  },
]
const readParameters = [
  {
    name: 'depth',
    in: 'query',
    schema: { type: 'integer', minimum: 0, maximum: 4 },
    description: 'relationship population depth (anonymous ≤ 2)',
  },
  { name: 'locale', in: 'query', schema: { enum: ['zh', 'en', 'all'] } },
  { name: 'draft', in: 'query', schema: { type: 'boolean' }, description: 'read or save the newest draft (collections with drafts)' },
]
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: ['integer', 'string'] } }

function collectionPaths(collection: SanitizedCollectionConfig) {
  const name = collection.slug
  const schemaName = name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())
  const tag = [name]
  const doc = ref(schemaName)
  const body = { required: true, content: json(ref(`${schemaName}Write`)) }
  const reviewed = collection.fields.some((f) => 'name' in f && f.name === 'reviewState')
  const note = reviewed ? `\n\n${reviewFlow}` : ''
  const saved = (status: string) => ({
    [status]: { description: 'saved', content: json({ type: 'object', properties: { doc, message: { type: 'string' } } }) },
  })
  return {
    [`/api/${name}`]: {
      get: {
        tags: tag,
        summary: `List ${name}`,
        parameters: [...listParameters, ...readParameters],
        responses: {
          '200': {
            description: 'a page of documents',
            content: json({
              type: 'object',
              properties: {
                docs: { type: 'array', items: doc },
                totalDocs: { type: 'integer' },
                page: { type: 'integer' },
                hasNextPage: { type: 'boolean' },
              },
            }),
          },
          ...errorResponses,
        },
      },
      post: {
        tags: tag,
        summary: `Create a ${name} document`,
        description: `Strict: unknown keys and wrong types answer 400.${note}`,
        parameters: readParameters,
        requestBody: body,
        responses: { ...saved('201'), ...errorResponses },
      },
      patch: {
        tags: tag,
        summary: `Update every ${name} document matching where`,
        parameters: [...listParameters, ...readParameters],
        requestBody: body,
        responses: {
          '200': {
            description: 'updated documents',
            content: json({ type: 'object', properties: { docs: { type: 'array', items: doc }, errors: { type: 'array' } } }),
          },
          ...errorResponses,
        },
      },
    },
    [`/api/${name}/{id}`]: {
      get: {
        tags: tag,
        summary: `Read one ${name} document`,
        parameters: [idParameter, ...readParameters],
        responses: {
          '200': { description: 'the document', content: json(doc) },
          '404': { description: 'not found', content: json(ref('Error')) },
          ...errorResponses,
        },
      },
      patch: {
        tags: tag,
        summary: `Update one ${name} document`,
        description: `Send If-Match: <updatedAt read> to be refused with 409 when someone saved in between.${note}`,
        parameters: [idParameter, ...readParameters, { name: 'If-Match', in: 'header', schema: { type: 'string' } }],
        requestBody: body,
        responses: {
          ...saved('200'),
          '404': { description: 'not found', content: json(ref('Error')) },
          '409': { description: 'edit conflict', content: json(ref('Error')) },
          ...errorResponses,
        },
      },
      delete: {
        tags: tag,
        summary: `Delete one ${name} document`,
        parameters: [idParameter],
        responses: { '200': { description: 'deleted', content: json({ type: 'object', properties: { doc } }) }, ...errorResponses },
      },
    },
  }
}

const errorSchema: JsonSchema = {
  type: 'object',
  description:
    'Every error. message: Chinese first, English after " / ". For 400, data.errors lists each problem by API path (openedOn.date, services.0, relatedStations.1) with the expected shape and allowed values.',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          name: { type: 'string', examples: ['ValidationError'] },
          message: { type: 'string', examples: ['请求数据不符合接口要求: openedOn.date：… / Invalid request data: openedOn.date'] },
          data: {
            type: 'object',
            properties: {
              collection: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['path', 'message'],
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                },
              },
              findings: {
                type: 'array',
                description: '错敏词 findings (review chain): path, field, word, position, excerpt',
                items: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
}

export function buildOpenApiDocument(config: SanitizedConfig): JsonSchema {
  const collections = config.collections.filter((c) => !c.slug.startsWith('payload-'))
  const schemas: Record<string, JsonSchema> = { Error: errorSchema }
  let paths: Record<string, unknown> = {}
  for (const collection of collections) {
    const schemaName = collection.slug.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())
    schemas[schemaName] = readSchema(collection.fields)
    schemas[`${schemaName}Write`] = writeSchema(collection.fields, [...systemKeys, ...(collection.auth ? authKeys : [])])
    paths = { ...paths, ...collectionPaths(collection) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '党建内容管理 REST API',
      version: '1.0.0',
      description: `Payload CMS REST API of the district party-building CMS. Writes are strict (see Error). Relationships take an id or {"slug": "…"} (plus "district" when a slug is not unique).\n\nReview states: ${Object.keys(reviewStates).join(', ')}.\n${reviewFlow}`,
    },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: {
        jwt: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'JWT <token from POST /api/users/login>' },
        apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'users API-Key <key>' },
      },
    },
    security: [{}, { jwt: [] }, { apiKey: [] }],
    'x-review-states': Object.fromEntries(Object.entries(reviewStates).map(([value, label]) => [value, label])),
    paths,
  }
}

/** GET /api/openapi.json */
export const openApiEndpoint: Endpoint = {
  path: '/openapi.json',
  method: 'get',
  handler: async (req) => Response.json(buildOpenApiDocument(req.payload.config)),
}
