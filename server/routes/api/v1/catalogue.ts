import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import type { CatalogueEntry } from '../../../services/catalogue.js'
import { NotFoundError } from '../../../services/errors.js'
import { DESIGN_ROLES } from '../../../domain/roles.js'
import { linkSchema, programmeFieldRules, programmeFieldsSchema } from '../../../domain/programme.js'
import { parseId } from '../../../http/ids.js'
import { catalogueEntryJson, errorResponse, frameworkQuery, programmeOut } from '../../../http/api-schemas.js'
import type { SessionUser } from '../../../services/users.js'

const coverageJson = z.array(
  z.object({
    competencyId: z.number().int(),
    code: z.string(),
    programmes: z.number().int(),
    programmesByLevel: z.array(z.number().int()),
    demand: z.number().int().nullable(),
    demandSuppressed: z.boolean(),
    uncoveredDemand: z.number().int().nullable(),
  }),
)

const idParams = z.object({ id: z.string().max(20) })
const importJson = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), code: z.string().describe('What is wrong, as a stable code (e.g. competencyUnknown)'), message: z.string() })),
})
const writeErrors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse }

/** Designers keep the catalogue through the API too: create, change, replace links; and read coverage. */
const catalogueApi: FastifyPluginAsyncZod = async (app) => {
  const { catalogue, frameworkUses } = app.services
  /** The framework whose links a request reads or writes: `?framework=`, else the institution's default. */
  const frameworkOf = async (user: SessionUser, query: { framework?: number | undefined }) => (await frameworkUses.choose(user, { requested: query.framework })).framework
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body))

  app.post(
    '/programmes/import',
    {
      config: { access: DESIGN_ROLES },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['catalogue'],
        summary: 'Import programmes: text/csv (one row per programme and competency) or a JSON catalogue file; all or nothing',
        querystring: frameworkQuery.extend({ dryRun: z.enum(['0', '1']).default('1') }).strict(),
        body: z.union([z.string().max(2 * 1024 * 1024), z.record(z.string(), z.unknown())]),
        response: { 200: importJson, 400: errorResponse, 403: errorResponse, 404: errorResponse, 422: importJson.extend({ error: z.object({ code: z.string(), message: z.string() }) }) },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun === '1'
      const csv = typeof request.body === 'string'
      const user = signedInUser(request)
      const { plan, applied } = await app.services.catalogueTransfer.import(user, await frameworkOf(user, request.query), csv ? (request.body as string) : JSON.stringify(request.body), csv ? 'csv' : 'json', { dryRun })
      const body = { dryRun, applied, created: plan.created, updated: plan.updated, errors: plan.errors.map(({ row, column, message, detail }) => ({ row, column, code: detail.code, message })) }
      if (!dryRun && plan.errors.length > 0) {
        return reply.code(422).send({ ...body, error: { code: 'import_refused', message: `${plan.errors.length} problem(s) in the catalogue; nothing was imported` } })
      }
      return body
    },
  )

  app.post(
    '/programmes',
    {
      config: { access: DESIGN_ROLES },
      schema: {
        tags: ['catalogue'],
        summary: 'Add a programme (a draft unless published: true, which needs competencies of the framework)',
        querystring: frameworkQuery,
        body: programmeFieldsSchema.extend({
          url: programmeFieldRules.url.default(null),
          description: programmeFieldRules.description.default(''),
          competencies: z.array(linkSchema).max(200).default([]),
          published: z.boolean().default(false),
        }),
        response: { 201: catalogueEntryJson, ...writeErrors },
      },
    },
    async (request, reply) => {
      const user = signedInUser(request)
      const { competencies, published, ...fields } = request.body
      const framework = await frameworkOf(user, request.query)
      const id = await catalogue.create(user, framework, fields, { links: competencies, published })
      return reply.code(201).send(entryResponse(await catalogue.get(framework, id)))
    },
  )

  app.patch(
    '/programmes/:id',
    {
      config: { access: DESIGN_ROLES },
      schema: {
        tags: ['catalogue'],
        summary: 'Change a programme: any of its fields, and published; with updatedAt, refused (409) if it changed since',
        params: idParams,
        querystring: frameworkQuery,
        body: programmeFieldsSchema
          .partial()
          .extend({ published: z.boolean().optional(), updatedAt: z.string().max(40).optional() })
          .refine((body) => Object.keys(body).some((key) => key !== 'updatedAt'), { message: 'change at least one field' }),
        response: { 200: catalogueEntryJson, ...writeErrors },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const id = requireId(request.params.id)
      const { published, updatedAt, ...fields } = request.body
      // Fields and publishing in one transaction: a refused publish leaves the fields unchanged too.
      if (Object.keys(fields).length > 0 || updatedAt !== undefined) await catalogue.update(user, id, fields, updatedAt, published)
      else if (published !== undefined) await catalogue.setPublished(user, id, published)
      return entryResponse(await catalogue.get(await frameworkOf(user, request.query), id))
    },
  )

  app.put(
    '/programmes/:id/competencies',
    {
      config: { access: DESIGN_ROLES },
      schema: {
        tags: ['catalogue'],
        summary: "Replace the programme's links into a framework, all at once (every problem listed, nothing saved, when any is wrong)",
        params: idParams,
        querystring: frameworkQuery,
        body: z.array(linkSchema).max(200),
        response: { 200: catalogueEntryJson, ...writeErrors },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const id = requireId(request.params.id)
      const framework = await frameworkOf(user, request.query)
      await catalogue.setLinks(user, framework, id, request.body)
      return entryResponse(await catalogue.get(framework, id))
    },
  )

  app.get(
    '/coverage',
    {
      config: { access: DESIGN_ROLES },
      schema: {
        tags: ['catalogue'],
        summary: 'Per competency: programmes reaching it, and the demand (people with a gap, across institutions; null and suppressed below K)',
        querystring: z.object({ framework: z.coerce.number().int().positive().max(2_147_483_647).optional(), sort: z.enum(['uncovered', 'code']).default('code') }).strict(),
        response: { 200: coverageJson, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      // Any loaded framework (coverage is the catalogue's, across institutions); by default the caller's.
      const frameworkId = request.query.framework ?? (await frameworkOf(signedInUser(request), {})).row.id
      const result = await app.services.coverage.of(frameworkId, request.query.sort)
      return result.competencies.map((competency) => ({
        competencyId: competency.id,
        code: competency.code,
        programmes: competency.programmes,
        programmesByLevel: [...competency.programmesByLevel],
        demand: competency.demand.count,
        demandSuppressed: competency.demand.suppressed,
        uncoveredDemand: competency.uncoveredDemand.count,
      }))
    },
  )
}

export default catalogueApi

function requireId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id: value })
  return id
}

function entryResponse(entry: CatalogueEntry): z.infer<typeof catalogueEntryJson> {
  return { ...programmeOut(entry, entry.links), published: entry.published, updatedAt: entry.updatedAt }
}
