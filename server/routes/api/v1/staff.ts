import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import { STAFF_PAGE_SIZE, type StaffMember } from '../../../services/staff.js'
import { parseId } from '../../../http/ids.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { HR_ROLES, ROLES } from '../../../domain/roles.js'

// Every role's name is read, so that naming one the caller may not give is answered 403 with the
// roles they may give (the rule is domain/roles.ts's, applied by the service), not a bare 400.
const role = z.enum(ROLES).describe('lecturer, designer or hr: HR give these; admin (platform operator) is refused with 403')
const reference = z.number().int().positive().max(2_147_483_647).nullable()
const staffJson = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role,
  departmentId: z.number().int().nullable(),
  department: z.string().nullable(),
  roleProfileId: z.number().int().nullable(),
  roleProfile: z.string().nullable(),
  reviewerId: z.number().int().nullable(),
  reviewer: z.string().nullable(),
  active: z.boolean(),
  hasPassword: z.boolean(),
  rated: z.number().int(),
})

const importJson = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  newDepartments: z.array(z.string()),
  /** How many of the people added were emailed their invitation (0 without a mail transport). */
  invitationsSent: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
})

/** HR's staff list through the API: read, add, change, import. */
const staffApi: FastifyPluginAsyncZod = async (app) => {
  const { staff, staffImport } = app.services
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body))

  app.post(
    '/institution/staff/import',
    {
      config: { access: HR_ROLES },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['institution'],
        summary: 'Import staff from CSV (text/csv: email, name, department, role_profile, role): all rows or none',
        querystring: z
          .object({ dryRun: z.enum(['0', '1']).default('1'), createDepartments: z.enum(['0', '1']).default('0') })
          .strict(),
        body: z.string().max(2 * 1024 * 1024),
        response: {
          200: importJson,
          400: errorResponse,
          403: errorResponse,
          422: importJson.extend({ error: z.object({ code: z.string(), message: z.string() }) }),
        },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun === '1'
      const user = signedInUser(request)
      const { plan, applied, added } = await staffImport.run(user, request.body, { dryRun, createMissingDepartments: request.query.createDepartments === '1' })
      const { sent } = await app.invitations.sendToNew(request, added, user.institutionName)
      const body = { dryRun, applied, created: plan.created, updated: plan.updated, newDepartments: [...plan.newDepartments], invitationsSent: sent, errors: plan.errors.map(({ row, column, message }) => ({ row, column, message })) }
      if (!dryRun && plan.errors.length > 0) {
        return reply.code(422).send({ ...body, error: { code: 'import_refused', message: `${plan.errors.length} problem(s) in the file; nothing was imported` } })
      }
      return body
    },
  )

  app.get(
    '/institution/staff',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: 'Staff of your institution, by name, 50 a page',
        querystring: z
          .object({ page: z.coerce.number().int().min(1).max(100_000).default(1), department: z.coerce.number().int().positive().max(2_147_483_647).optional(), q: z.string().max(100).optional() })
          .strict(),
        response: { 200: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), staff: z.array(staffJson) }), 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const { page, department, q } = request.query
      const result = await staff.list(signedInUser(request), { page, departmentId: department, search: q })
      return { page, pageSize: STAFF_PAGE_SIZE, total: result.total, staff: result.staff.map(staffResponse) }
    },
  )

  app.post(
    '/institution/staff',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: 'Add a person (they set their password from an invitation link, emailed to them when mail is configured)',
        body: z
          .object({ email: z.email().max(254), name: z.string().trim().min(1).max(200), role: role.default('lecturer'), departmentId: reference.optional(), roleProfileId: reference.optional(), reviewerId: reference.optional() })
          .strict(),
        response: { 201: staffJson.extend({ invitationUrl: z.string(), invitationSent: z.boolean() }), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const user = signedInUser(request)
      const person = await staff.create(user, request.body)
      const invitee = { id: person.id, email: person.email, name: person.name, tokenVersion: 0 }
      const invitationSent = await app.invitations.send(request, invitee, user.institutionName)
      return reply.code(201).send({ ...staffResponse(person), invitationUrl: app.invitations.link(request, invitee), invitationSent })
    },
  )

  app.patch(
    '/institution/staff/:id',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: 'Change a person: name, role, department, role profile, reviewer, active',
        params: z.object({ id: z.string().max(20) }),
        body: z
          .object({ name: z.string().trim().min(1).max(200).optional(), role: role.optional(), departmentId: reference.optional(), roleProfileId: reference.optional(), reviewerId: reference.optional(), active: z.boolean().optional() })
          .strict()
          .refine((body) => Object.keys(body).length > 0, { message: 'change at least one field' }),
        response: { 200: staffJson, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: request.params.id })
      return staffResponse(await staff.update(signedInUser(request), id, request.body))
    },
  )
}

export default staffApi

function staffResponse(person: StaffMember): z.infer<typeof staffJson> {
  return { ...person }
}
