import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { staffImportPage } from '../../../views/pages/staff-import.js'
import { invitationsCsv } from '../../../views/csv/staff.js'
import { departmentsPage, invitationsPage, staffFormPage, staffListPage, type StaffFormProps } from '../../../views/pages/staff.js'
import { problemText } from '../../../views/problem-text.js'
import { INVITATION_DAYS } from '../../plugins/auth.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../services/errors.js'
import { roleProfileNames } from '../../services/role-profile-names.js'
import { STAFF_PAGE_SIZE, type StaffMember } from '../../services/staff.js'
import type { SessionUser } from '../../services/users.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'
import { parseStaffForm } from '../../http/staff-input.js'
import type { Messages } from '../../../views/messages/en/index.js'

const blankIsUndefined = (value: unknown) => (value === '' ? undefined : value)
const listQuery = z.object({
  page: z.preprocess(blankIsUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  imported: z.string().regex(/^\d+-\d+$/).optional(),
  mailed: z.string().regex(/^\d+-\d+$/).optional(),
  department: z.preprocess(blankIsUndefined, z.coerce.number().int().positive().max(2_147_483_647).optional()),
  q: z.preprocess(blankIsUndefined, z.string().max(100).optional()),
})

/** HR pages for staff and departments: list, add, edit, invite. */
const staffPages: FastifyPluginAsync = async (app) => {
  const { staff, institution } = app.services

  async function formProps(user: SessionUser, request: FastifyRequest, person: StaffMember | undefined, extra: Partial<StaffFormProps>): Promise<StaffFormProps> {
    const [departments, roleProfiles, reviewers] = await Promise.all([institution.departments(user), institution.roleProfiles(user), staff.activeNames(user)])
    // With mail, HR sees a link only when sending it failed; without, the link is how the person is invited.
    const mailFailed = (request.query as Record<string, unknown>)['mailed'] === '0'
    const pending = person !== undefined && person.active && !person.hasPassword && (!app.invitations.byMail || mailFailed)
    const tokenVersion = pending ? await app.services.users.tokenVersionOf(person.id) : undefined
    return {
      person,
      values: {},
      errors: {},
      departments,
      roleProfiles,
      reviewers,
      notice: undefined,
      invitationUrl: tokenVersion === undefined ? undefined : app.invitations.link(request, { id: person!.id, tokenVersion }),
      invitationDays: INVITATION_DAYS,
      invitationsByMail: app.invitations.byMail,
      ...extra,
    }
  }

  app.get<{ Querystring: Record<string, string> }>('/hr/staff', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const parsed = listQuery.safeParse(request.query)
    if (!parsed.success) throw InvalidInputError.of('staffFiltersInvalid', {})
    const [{ staff: people, total }, departments, profileNames] = await Promise.all([
      staff.list(user, { page: parsed.data.page, departmentId: parsed.data.department, search: parsed.data.q }),
      institution.departments(user),
      roleProfileNames(),
    ])
    return reply.html(
      staffListPage(request.viewContext(reply), {
        staff: people.map((person) => ({ ...person, roleProfileTranslations: profileNames.translationsOf(person.roleProfile) })),
        total,
        page: parsed.data.page,
        pages: Math.ceil(total / STAFF_PAGE_SIZE),
        departments,
        departmentId: parsed.data.department,
        search: parsed.data.q ?? '',
        imported: parsed.data.imported?.split('-').map(Number) as [number, number] | undefined,
        mailed: parsed.data.mailed?.split('-').map(Number) as [number, number] | undefined,
      }),
    )
  })

  // Every invitation link at once, as a page and as CSV (links are secrets: never cached).
  async function invitationLinks(request: FastifyRequest) {
    const people = await staff.pendingInvitations(signedInUser(request))
    return people.map((person) => ({ ...person, link: app.invitations.link(request, person) }))
  }

  app.get('/hr/staff/invitations', { config: { access: HR_ROLES } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    return reply.html(invitationsPage(request.viewContext(reply), { people: await invitationLinks(request), days: INVITATION_DAYS, byMail: app.invitations.byMail }))
  })

  app.get('/hr/staff/invitations.csv', { config: { access: HR_ROLES } }, async (request, reply) => {
    const people = await invitationLinks(request)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="invitation-links.csv"')
      .header('cache-control', 'no-store')
      .send(invitationsCsv(people))
  })

  app.get('/hr/staff/new', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    return reply.html(staffFormPage(request.viewContext(reply), await formProps(user, request, undefined, {})))
  })

  app.post('/hr/staff', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const context = request.viewContext(reply)
    const parsed = parseStaffForm(request.body, context.m, true)
    if (!parsed.ok) return reply.html(staffFormPage(context, await formProps(user, request, undefined, { values: parsed.values, errors: parsed.errors })), 422)
    try {
      const person = await staff.create(user, parsed.input)
      return reply.redirect(`/hr/staff/${person.id}?created=1${await mailInvitation(request, user, person.id, 0)}`, 303)
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof ForbiddenError)) throw error
      const values = Object.fromEntries(Object.entries(request.body as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      // A role this person may not give (403) belongs to the role field; a taken email (409) to the email field.
      const field = error instanceof ForbiddenError ? 'role' : 'email'
      return reply.html(staffFormPage(context, await formProps(user, request, undefined, { values, errors: { [field]: problemText(context.m, error) } })), error.statusCode)
    }
  })

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/hr/staff/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const person = await staff.get(user, requireStaffId(request.params.id))
    const m = request.viewContext(reply).m
    const notice = staffNotice(m, request.query, person.email)
    return reply.html(staffFormPage(request.viewContext(reply), await formProps(user, request, person, { notice })))
  })

  app.post<{ Params: { id: string } }>('/hr/staff/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = requireStaffId(request.params.id)
    const person = await staff.get(user, id)
    const context = request.viewContext(reply)
    const parsed = parseStaffForm(request.body, context.m, false)
    if (!parsed.ok) return reply.html(staffFormPage(context, await formProps(user, request, person, { values: parsed.values, errors: parsed.errors })), 422)
    try {
      await staff.update(user, id, parsed.input)
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof ForbiddenError)) throw error
      // Refused roles (403) and one's own account (409: own role, or disabling oneself) are said at the field.
      const field = error instanceof ConflictError && parsed.input.role === person.role ? 'active' : 'role'
      const values = Object.fromEntries(Object.entries(request.body as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      return reply.html(staffFormPage(context, await formProps(user, request, person, { values, errors: { [field]: problemText(context.m, error) } })), error.statusCode)
    }
    return reply.redirect(`/hr/staff/${id}?saved=1`, 303)
  })

  app.post<{ Params: { id: string } }>('/hr/staff/:id/invitation', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = requireStaffId(request.params.id)
    await staff.revokeInvitations(user, id)
    const tokenVersion = await app.services.users.tokenVersionOf(id)
    return reply.redirect(`/hr/staff/${id}?invited=1${await mailInvitation(request, user, id, tokenVersion ?? 0)}`, 303)
  })

  app.get('/hr/staff/import', { config: { access: HR_ROLES } }, async (request, reply) =>
    reply.html(staffImportPage(request.viewContext(reply), { csv: 'email,name,department,role_profile,role\n', createDepartments: false, plan: undefined, refused: false })),
  )

  app.post('/hr/staff/import', { config: { access: HR_ROLES }, bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const csv = typeof body['csv'] === 'string' ? body['csv'] : ''
    const createDepartments = body['createDepartments'] === '1'
    const dryRun = body['mode'] !== 'import'
    const { plan, applied, added } = await app.services.staffImport.run(user, csv, { dryRun, createMissingDepartments: createDepartments })
    if (applied) {
      const mailed = app.invitations.byMail && added.length > 0 ? await app.invitations.sendToNew(request, added, user.institutionName) : undefined
      return reply.redirect(`/hr/staff?imported=${plan.created}-${plan.updated}${mailed ? `&mailed=${mailed.sent}-${mailed.failed}` : ''}`, 303)
    }
    const refused = !dryRun && plan.errors.length > 0
    return reply.html(staffImportPage(request.viewContext(reply), { csv, createDepartments, plan, refused }), refused ? 422 : 200)
  })

  app.get('/hr/departments', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const [departments, archived] = await Promise.all([institution.departments(user), institution.archivedDepartments(user)])
    return reply.html(departmentsPage(request.viewContext(reply), { departments, archived, values: {}, error: undefined, notice: undefined }))
  })

  app.post('/hr/departments', { config: { access: HR_ROLES } }, async (request, reply) => renameOrCreate(request, reply, undefined))
  app.post<{ Params: { id: string } }>('/hr/departments/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: request.params.id })
    return renameOrCreate(request, reply, id)
  })

  app.post<{ Params: { id: string } }>('/hr/departments/:id/archive', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: request.params.id })
    const archived = ((request.body ?? {}) as Record<string, unknown>)['archived'] !== '0'
    try {
      await staff.setDepartmentArchived(user, id, archived)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      const [departments, archivedList] = await Promise.all([institution.departments(user), institution.archivedDepartments(user)])
      return reply.html(departmentsPage(request.viewContext(reply), { departments, archived: archivedList, values: {}, error: problemText(request.viewContext(reply).m, error), notice: undefined }), 409)
    }
    return reply.redirect('/hr/departments', 303)
  })

  /** Emails a person their invitation when mail is configured: the query to add to the redirect. */
  async function mailInvitation(request: FastifyRequest, user: SessionUser, id: number, tokenVersion: number): Promise<string> {
    if (!app.invitations.byMail) return ''
    const person = await staff.get(user, id)
    const sent = await app.invitations.send(request, { id, email: person.email, name: person.name, tokenVersion }, user.institutionName)
    return `&mailed=${sent ? 1 : 0}`
  }

  async function renameOrCreate(request: FastifyRequest, reply: FastifyReply, id: number | undefined) {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const name = typeof body['name'] === 'string' ? body['name'] : ''
    try {
      if (id === undefined) await staff.createDepartment(user, name)
      else await staff.renameDepartment(user, id, name)
      return reply.redirect('/hr/departments', 303)
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof InvalidInputError)) throw error
      const [departments, archived] = await Promise.all([institution.departments(user), institution.archivedDepartments(user)])
      const context = request.viewContext(reply)
      const page = departmentsPage(context, { departments, archived, values: { name }, error: problemText(context.m, error), notice: undefined })
      return reply.html(page, error instanceof ConflictError ? 409 : 422)
    }
  }
}

export default staffPages

function staffNotice(m: Messages, query: Record<string, string>, email: string): string | undefined {
  if (query['mailed'] === '0') return m.staff.mailFailed
  if (query['created'] === '1') return query['mailed'] === '1' ? m.staff.createdMailed(email) : m.staff.created
  if (query['invited'] === '1' && query['mailed'] === '1') return m.staff.invitationMailed(email)
  return query['saved'] === '1' ? m.staff.saved : undefined
}

function requireStaffId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: value })
  return id
}
