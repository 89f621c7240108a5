import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { OPERATOR_ROLES } from '../../../domain/roles.js'
import { AUTO_RATED, rateableRuleShape, ruleOfChoice } from '../../../domain/case-rateable.js'
import { FRAMEWORK_BODY_LIMIT } from '../../../http/body-limits.js'
import { signedInUser } from '../../../plugins/access.js'
import { FrameworkRejected } from '../../../services/framework-exchange/refusals.js'
import type { ImportOutcome } from '../../../services/framework-exchange/import.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { jsonStream } from '../../../http/json-stream.js'

/** A framework id as written in a path: digits only (no spaces, signs or exponents), at most the largest int. */
const id = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a framework id (a positive whole number)')
  .refine((value) => Number(value) <= 2_147_483_647, 'must be a framework id (a positive whole number)')

const frameworkSummary = z.object({
  id: z.number().int(),
  slug: z.string(),
  version: z.string(),
  title: z.string(),
  status: z.enum(['provisional', 'official']),
  competencies: z.number().int().describe('Rateable competencies'),
  loadedAt: z.string().describe('ISO 8601 date-time'),
  latest: z.boolean().describe('The newest loaded version of this slug'),
  versions: z.number().int().describe('How many versions of this slug are loaded'),
})

const rejected = errorResponse.describe('The package or file is refused: details lists every problem as { file, pointer, message }; nothing was stored')

/**
 * Frameworks as data: the list of loaded versions, export as a CASE 1.0 package or as our own file,
 * import of either (admin), and a new version with a code map (admin).
 */
const frameworksApi: FastifyPluginAsyncZod = async (app) => {
  const { frameworkExchange } = app.services

  app.get(
    '/frameworks',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['framework'],
        summary: 'Every loaded framework version; versions of one framework share a slug, the newest flagged latest',
        response: { 200: z.array(frameworkSummary) },
      },
    },
    async () => (await frameworkExchange.list()).map(({ institutions: _, translations: __, ...summary }) => ({ ...summary, loadedAt: summary.loadedAt.toISOString() })),
  )

  app.get(
    '/frameworks/:id/case',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['framework'],
        summary: 'The framework version as a 1EdTech CASE package (JSON download; CASE 1.0 unless version=1.1, which keeps associations of 1.1 types); identifiers are the same at every export',
        params: z.object({ id }),
        querystring: z.object({ version: z.enum(['1.0', '1.1']).default('1.0').describe('The CASE version of the package') }).strict(),
        response: { 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const version = request.query.version
      const { row, pkg } = await frameworkExchange.casePackage(Number(request.params.id), `${app.caseOrigin}/ims/case/${version === '1.1' ? 'v1p1' : 'v1p0'}`, version)
      return download(reply, `${row.slug}-${row.version}.case.json`, pkg)
    },
  )

  app.get(
    '/frameworks/:id/export',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['framework'],
        summary: 'The framework version in our own format (framework.schema.json), as a JSON download',
        params: z.object({ id }),
        response: { 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { row, file } = await frameworkExchange.file(Number(request.params.id))
      return download(reply, `${row.slug}-${row.version}.json`, file)
    },
  )

  app.post(
    '/frameworks/import',
    {
      config: { access: OPERATOR_ROLES },
      bodyLimit: FRAMEWORK_BODY_LIMIT,
      schema: {
        tags: ['framework'],
        summary:
          'Import a CASE package or a framework file of ours (told apart by CFDocument / nodes): a package of a CASE document already loaded is that framework (unchanged, or its next version), another a new framework',
        body: z.looseObject({}).describe('A CASE 1.0 package, or a framework file (framework.schema.json)'),
        querystring: z
          .object({
            rateDepth: z.coerce.number().int().min(1).max(20).optional().describe('Rate the CASE items at this depth (1 = the document\'s children), and leaves above it'),
            rateItemTypes: z.string().min(1).max(5000).optional().describe('Rate the CASE items of these CFItemTypes (comma-separated), and leaves no such item holds'),
          })
          .strict()
          .refine((query) => query.rateDepth === undefined || query.rateItemTypes === undefined, 'Give rateDepth or rateItemTypes, not both'),
        response: {
          200: importOutcome.describe('Already loaded with the same content (that CASE document, or that slug and version): nothing changed'),
          201: importOutcome.describe('Loaded: a new framework, or the next version of the loaded framework of the same CASE document (its ratings carried by item identifier)'),
          400: errorResponse,
          409: errorResponse.describe('That slug and version is loaded with other content'),
          422: rejected,
        },
      },
    },
    async (request, reply) => {
      const { rateDepth, rateItemTypes } = request.query
      const rateable = ruleOfChoice(rateDepth !== undefined ? { choice: 'depth', depth: String(rateDepth), itemTypes: '' } : rateItemTypes !== undefined ? { choice: 'types', depth: '', itemTypes: rateItemTypes } : AUTO_RATED)
      if (!rateable.ok) return reply.code(400).send({ error: { code: 'invalid_request', message: 'rateItemTypes: give one or more item types, separated by commas (at most 50, each up to 200 characters)' } })
      return orRefused(reply, async () => sendOutcome(reply, await frameworkExchange.import(signedInUser(request), request.body, 'upload', { rateable: rateable.rule })))
    },
  )

  app.post(
    '/frameworks/import-url',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['framework'],
        summary: "Import the CASE package at a CASE server's address (its CFPackages/{id}), as the import does; the address is remembered for re-syncs",
        body: z
          .object({
            url: z.string().min(1).max(2000).describe('https://…/ims/case/v1p1/CFPackages/<identifier> (http:// only on a loopback address)'),
            rateable: rateableRuleShape.optional().describe('Which items are rated: {depth} or {itemTypes}; left out: as the package says'),
          })
          .strict(),
        response: { 200: importOutcome, 201: importOutcome, 400: errorResponse, 409: errorResponse, 422: rejected },
      },
    },
    async (request, reply) => {
      return orRefused(reply, async () => sendOutcome(reply, await frameworkExchange.importFromUrl(signedInUser(request), request.body.url, request.body.rateable)))
    },
  )

  app.get(
    '/frameworks/:id/resync',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['framework'],
        summary: "Fetch the framework's CASE package again from the address it was imported from, and say what loading it would change (items added, removed, moved, reworded, recoded; ratings carried); loads nothing",
        params: z.object({ id }),
        response: { 200: resyncPreview, 400: errorResponse, 404: errorResponse, 422: rejected },
      },
    },
    async (request, reply) => {
      return orRefused(reply, async () => {
        const preview = await frameworkExchange.resyncPreview(Number(request.params.id))
        const { added, removed, moved, reworded, recoded, kept } = preview.changes
        return { ...preview, changes: { added: [...added], removed: [...removed], moved: [...moved], reworded: [...reworded], recoded: [...recoded], kept } }
      })
    },
  )

  app.post(
    '/frameworks/:id/resync',
    {
      config: { access: OPERATOR_ROLES },
      schema: {
        tags: ['framework'],
        summary: "Load the framework's CASE package again, as its next version when it changed; digest: the preview's, so that what loads is what was shown (409 when the server changed it since)",
        params: z.object({ id }),
        body: z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/, 'must be the digest the preview gave') }).strict(),
        response: { 200: importOutcome, 201: importOutcome, 400: errorResponse, 404: errorResponse, 409: errorResponse, 422: rejected },
      },
    },
    async (request, reply) => {
      return orRefused(reply, async () => sendOutcome(reply, await frameworkExchange.resync(signedInUser(request), Number(request.params.id), request.body.digest)))
    },
  )

  app.post(
    '/frameworks/:id/versions',
    {
      config: { access: OPERATOR_ROLES },
      bodyLimit: FRAMEWORK_BODY_LIMIT,
      schema: {
        tags: ['framework'],
        summary:
          'Load a new version of this framework with a code map (old code -> new code, or null: retired); its institutions move to it and current ratings and targets are carried',
        params: z.object({ id }),
        body: z
          .object({
            framework: z.looseObject({}).describe('The new version, in our format: the same slug (id), a new version string'),
            codeMap: z.record(z.string(), z.string().nullable()).default({}).describe('Codes not mentioned carry to the same code when the new version has it'),
          })
          .strict(),
        response: {
          201: z.object({
            id: z.number().int(),
            slug: z.string(),
            version: z.string(),
            institutions: z.array(z.number().int()),
            counts: z.object({
              ratings: z.number().int(),
              retired: z.number().int(),
              skipped: z.number().int(),
              roleProfiles: z.number().int(),
              roleProfileTargets: z.number().int(),
              personalTargets: z.number().int(),
              judgements: z.number().int().describe('Current judgements of unit and institution assessments carried'),
            }),
            codeMap: z.record(z.string(), z.string().nullable()),
          }),
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: rejected,
        },
      },
    },
    async (request, reply) => {
      return orRefused(reply, async () => {
        const outcome = await frameworkExchange.newVersion(signedInUser(request), Number(request.params.id), request.body.framework, request.body.codeMap)
        return reply.code(201).send({ ...outcome, institutions: [...outcome.institutions] })
      })
    },
  )
}

export default frameworksApi

const importOutcome = z.object({
  id: z.number().int(),
  slug: z.string(),
  version: z.string(),
  status: z.enum(['loaded', 'new-version', 'unchanged']).describe('loaded: a new framework; new-version: the next version of the loaded framework of the same CASE document; unchanged: nothing new'),
  format: z.enum(['case', 'framework']),
  warnings: z.array(z.string()),
  from: z.object({ id: z.number().int(), version: z.string() }).optional().describe('new-version: the version it follows'),
  institutions: z.array(z.number().int()).optional().describe('new-version: the institutions moved to it'),
  counts: z
    .object({ ratings: z.number().int(), retired: z.number().int(), skipped: z.number().int(), roleProfiles: z.number().int(), roleProfileTargets: z.number().int(), personalTargets: z.number().int(), judgements: z.number().int() })
    .optional()
    .describe('new-version: what was carried (by CASE identifier)'),
})

const changedNode = z.object({ identifier: z.string(), code: z.string(), title: z.string() })
const resyncPreview = z.object({
  url: z.string(),
  loaded: z.object({ id: z.number().int(), slug: z.string(), version: z.string(), lastChange: z.string().nullable() }),
  fetched: z.object({ version: z.string(), lastChange: z.string().nullable() }),
  newer: z.boolean().describe('The publisher changed it since it was loaded'),
  changes: z.object({
    added: z.array(changedNode),
    removed: z.array(changedNode),
    moved: z.array(changedNode.extend({ fromParent: z.string().nullable(), toParent: z.string().nullable() })),
    reworded: z.array(changedNode.extend({ before: z.string() })),
    recoded: z.array(changedNode.extend({ before: z.string() })),
    kept: z.number().int(),
  }),
  ratings: z.object({ carried: z.number().int(), retired: z.number().int() }),
  digest: z.string().describe('Give it to POST …/resync to load exactly this'),
})

/** An import's outcome: 201 when something was loaded, 200 when nothing changed. */
function sendOutcome(reply: FastifyReply, outcome: ImportOutcome): FastifyReply {
  const { institutions, ...rest } = outcome
  return reply.code(outcome.status === 'unchanged' ? 200 : 201).send({ ...rest, warnings: [...outcome.warnings], ...(institutions === undefined ? {} : { institutions: [...institutions] }) })
}

function download(reply: FastifyReply, name: string, body: unknown): FastifyReply {
  const filename = name.replace(/[^A-Za-z0-9._-]+/g, '-')
  // Compact and written a piece at a time: a large framework's package is tens of megabytes (json-stream.ts).
  return reply.header('content-disposition', `attachment; filename="${filename}"`).type('application/json; charset=utf-8').send(jsonStream(body))
}

/** The work's answer, or the 422 that lists every problem when it refuses the framework. */
async function orRefused<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof FrameworkRejected) return sendRejected(reply, error)
    throw error
  }
}

function sendRejected(reply: FastifyReply, error: FrameworkRejected): FastifyReply {
  const details = error.errors.map(({ file, pointer, message }) => ({ file, pointer, message }))
  const summary = details.slice(0, 3).map((detail) => `${detail.pointer || '/'}: ${detail.message}`).join('; ')
  return reply.code(422).send({ error: { code: 'invalid_framework', message: `The framework is refused (${details.length} problem(s); nothing was stored): ${summary}`, details } })
}
