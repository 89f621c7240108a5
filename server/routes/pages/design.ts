import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { coveragePage } from '../../../views/pages/coverage.js'
import { catalogueImportPage } from '../../../views/pages/design-import.js'
import { problemText } from '../../../views/problem-text.js'
import { CATALOGUE_CSV_COLUMNS } from '../../domain/catalogue-import.js'
import { catalogueListPage, competencyChoices, programmeEditorPage, programmeLinksUpdate, type LinksProps, type ProgrammeEditorProps } from '../../../views/pages/design.js'
import { DESIGN_ROLES } from '../../domain/roles.js'
import { searchCompetencies } from '../../domain/competency-search.js'
import { maxLevel } from '../../domain/scale.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'
import { parseLinkForm, parseProgrammeForm } from '../../http/programme-input.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'

const blankIsUndefined = (value: unknown) => (value === '' ? undefined : value)
const listQuery = z.object({
  q: z.preprocess(blankIsUndefined, z.string().max(100).optional()),
  status: z.preprocess(blankIsUndefined, z.enum(['published', 'draft']).optional()),
  imported: z.string().regex(/^\d+-\d+$/).optional(),
})
const searchQuery = z.object({ q: z.string().max(100).optional() }).loose()
const coverageQuery = z.object({ sort: z.preprocess(blankIsUndefined, z.enum(['uncovered', 'code']).default('uncovered')) }).loose()

/** The designers' pages: the catalogue, one programme's editor with its links, and the coverage matrix. */
const designPages: FastifyPluginAsync = async (app) => {
  const { catalogue, frameworkUses } = app.services
  const access = { access: DESIGN_ROLES }

  /** The framework whose links a page or form is about: `?framework=` (kept in every form's action), else the institution's first. */
  function frameworkOf(request: FastifyRequest) {
    return frameworkUses.choose(signedInUser(request), { requested: requireFrameworkParam((request.query as Record<string, string | undefined>)['framework']) })
  }

  async function linksProps(request: FastifyRequest, id: number, extra: Partial<LinksProps>): Promise<LinksProps> {
    const { framework, uses } = await frameworkOf(request)
    const programme = await catalogue.get(framework, id)
    const search = extra.search ?? ''
    return {
      programme,
      framework: framework.row,
      frameworkId: framework.row.id,
      uses,
      tree: framework.tree,
      scale: framework.row.scale,
      maxLevel: maxLevel(framework.row.scale),
      choices: searchCompetencies(framework.tree.competencies, search),
      search,
      notice: undefined,
      error: undefined,
      values: {},
      ...extra,
    }
  }

  async function editor(request: FastifyRequest, reply: FastifyReply, id: number, extra: Partial<Omit<ProgrammeEditorProps, 'links'>> & { links?: Partial<LinksProps> }, status = 200) {
    const links = await linksProps(request, id, extra.links ?? {})
    const { links: _, ...fields } = extra
    const props: ProgrammeEditorProps = { programme: links.programme, values: {}, errors: {}, notice: undefined, problem: undefined, ...fields, links }
    return reply.html(programmeEditorPage(request.viewContext(reply), props), status)
  }

  /** After a change to the links: the links fragment for htmx, else back to the page (Post/Redirect/Get). */
  async function afterLinkChange(request: FastifyRequest, reply: FastifyReply, id: number, outcome: { notice?: string; error?: string; values?: Record<string, string>; status?: number }) {
    const search = String(((request.body ?? {}) as Record<string, unknown>)['q'] ?? '').slice(0, 100)
    if (request.isHtmx) {
      const props = await linksProps(request, id, { search, notice: outcome.notice, error: outcome.error, values: outcome.values ?? {} })
      return reply.html(programmeLinksUpdate(request.viewContext(reply), props), outcome.status ?? 200)
    }
    if (outcome.error !== undefined) return editor(request, reply, id, { links: { search, error: outcome.error, values: outcome.values ?? {} } }, outcome.status ?? 422)
    const { framework } = await frameworkOf(request)
    return reply.redirect(`/design/programmes/${id}?framework=${framework.row.id}&links=${outcome.notice === request.viewContext(reply).m.design.linkRemoved ? 'removed' : 'saved'}#links`, 303)
  }

  app.get<{ Querystring: Record<string, string> }>('/design', { config: access }, async (request, reply) => {
    const parsed = listQuery.safeParse(request.query)
    const filter = parsed.success ? parsed.data : {}
    const programmes = await catalogue.list((await frameworkOf(request)).framework, { search: filter.q, status: filter.status })
    const imported = parsed.success ? parsed.data.imported?.split('-').map(Number) : undefined
    const context = request.viewContext(reply)
    const notice = imported === undefined ? undefined : context.m.design.importDone(imported[0]!, imported[1]!)
    return reply.html(catalogueListPage(context, { programmes, search: filter.q ?? '', status: filter.status, notice }))
  })

  app.get('/design/programmes/new', { config: access }, async (request, reply) =>
    reply.html(programmeEditorPage(request.viewContext(reply), { programme: undefined, values: {}, errors: {}, notice: undefined, problem: undefined, links: undefined })),
  )

  app.post('/design/programmes', { config: access }, async (request, reply) => {
    const user = signedInUser(request)
    const context = request.viewContext(reply)
    const parsed = parseProgrammeForm(request.body, context.m)
    const refuse = (values: Record<string, string>, errors: Record<string, string>, status: number) =>
      reply.html(programmeEditorPage(context, { programme: undefined, values, errors, notice: undefined, problem: undefined, links: undefined }), status)
    if (!parsed.ok) return refuse(parsed.values, parsed.errors, 422)
    try {
      const id = await catalogue.create(user, (await frameworkOf(request)).framework, parsed.input)
      return reply.redirect(`/design/programmes/${id}?created=1`, 303)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return refuse(formValues(request.body), { code: problemText(context.m, error) }, 409)
    }
  })

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/design/programmes/:id', { config: access }, async (request, reply) => {
    const id = requireProgrammeId(request.params.id)
    const { m } = request.viewContext(reply)
    const query = request.query
    const notice = query['created'] === '1' ? m.design.created : query['saved'] === '1' ? m.design.saved : query['published'] === '1' ? m.design.publishedNotice : query['published'] === '0' ? m.design.unpublishedNotice : undefined
    const linkNotice = query['links'] === 'saved' ? m.design.linkSaved : query['links'] === 'removed' ? m.design.linkRemoved : undefined
    const search = searchQuery.safeParse(query)
    return editor(request, reply, id, { notice, links: { notice: linkNotice, search: search.success ? (search.data.q ?? '') : '' } })
  })

  app.post<{ Params: { id: string } }>('/design/programmes/:id', { config: access }, async (request, reply) => {
    const user = signedInUser(request)
    const id = requireProgrammeId(request.params.id)
    const context = request.viewContext(reply)
    const parsed = parseProgrammeForm(request.body, context.m)
    if (!parsed.ok) return editor(request, reply, id, { values: parsed.values, errors: parsed.errors }, 422)
    const expected = formValues(request.body)['updatedAt']
    try {
      await catalogue.update(user, id, parsed.input, expected)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      // A stale form shows the programme as it is now, with the person's input dropped only for the clash.
      const text = problemText(context.m, error)
      return editor(request, reply, id, error.reason?.code === 'programmeStale' ? { problem: text } : { values: formValues(request.body), errors: { code: text } }, 409)
    }
    return reply.redirect(`/design/programmes/${id}?saved=1`, 303)
  })

  app.post<{ Params: { id: string } }>('/design/programmes/:id/publish', { config: access }, async (request, reply) => {
    const id = requireProgrammeId(request.params.id)
    const published = formValues(request.body)['published'] === '1'
    try {
      await catalogue.setPublished(signedInUser(request), id, published)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return editor(request, reply, id, { problem: problemText(request.viewContext(reply).m, error) }, 409)
    }
    return reply.redirect(`/design/programmes/${id}?published=${published ? 1 : 0}`, 303)
  })

  app.post<{ Params: { id: string } }>('/design/programmes/:id/links', { config: access }, async (request, reply) => {
    const user = signedInUser(request)
    const id = requireProgrammeId(request.params.id)
    const { m } = request.viewContext(reply)
    const values = formValues(request.body)
    const link = parseLinkForm(request.body)
    const { framework } = await frameworkOf(request)
    if (link === undefined) {
      await catalogue.get(framework, id)
      return afterLinkChange(request, reply, id, { error: m.design.linkIncomplete, values, status: 422 })
    }
    try {
      await catalogue.putLink(user, framework, id, link)
    } catch (error) {
      if (!(error instanceof UnprocessableError)) throw error
      return afterLinkChange(request, reply, id, { error: problemText(m, error), values, status: 422 })
    }
    return afterLinkChange(request, reply, id, { notice: m.design.linkSaved })
  })

  app.post<{ Params: { id: string; competencyId: string } }>('/design/programmes/:id/links/:competencyId/delete', { config: access }, async (request, reply) => {
    const id = requireProgrammeId(request.params.id)
    const competencyId = parseId(request.params.competencyId)
    if (competencyId === undefined) throw NotFoundError.of('notFound', { thing: 'competency', id: request.params.competencyId })
    const { m } = request.viewContext(reply)
    try {
      await catalogue.removeLink(signedInUser(request), id, competencyId)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return afterLinkChange(request, reply, id, { error: problemText(m, error), status: 409 })
    }
    return afterLinkChange(request, reply, id, { notice: m.design.linkRemoved })
  })

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/design/programmes/:id/competency-choices', { config: access }, async (request, reply) => {
    const id = requireProgrammeId(request.params.id)
    const { framework } = await frameworkOf(request)
    await catalogue.get(framework, id)
    const parsed = searchQuery.safeParse(request.query)
    const choices = searchCompetencies(framework.tree.competencies, parsed.success ? (parsed.data.q ?? '') : '')
    return reply.html(competencyChoices(request.viewContext(reply), choices, ''))
  })

  app.get('/design/catalogue.json', { config: access }, async (request, reply) => {
    const { framework } = await frameworkOf(request)
    const file = await app.services.catalogueTransfer.exportFile(framework)
    return reply.header('content-disposition', `attachment; filename="catalogue-${framework.row.slug}.json"`).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(file, null, 2))
  })

  app.get('/design/catalogue.csv', { config: access }, async (request, reply) => {
    const { framework } = await frameworkOf(request)
    const csv = await app.services.catalogueTransfer.exportCsv(framework)
    return reply.header('content-disposition', `attachment; filename="catalogue-${framework.row.slug}.csv"`).header('cache-control', 'no-store').type('text/csv; charset=utf-8').send(csv)
  })

  app.get('/design/import', { config: access }, async (request, reply) => {
    const { framework, uses } = await frameworkOf(request)
    return reply.html(catalogueImportPage(request.viewContext(reply), { text: `${CATALOGUE_CSV_COLUMNS.join(',')}\n`, format: 'csv', plan: undefined, refused: false, frameworkId: framework.row.id, uses }))
  })

  app.post('/design/import', { config: access, bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
    const form = formValues(request.body)
    const text = form['text'] ?? ''
    const format = form['format'] === 'json' ? 'json' : 'csv'
    const dryRun = form['mode'] !== 'import'
    const { framework, uses } = await frameworkOf(request)
    const { plan, applied } = await app.services.catalogueTransfer.import(signedInUser(request), framework, text, format, { dryRun })
    if (applied) return reply.redirect(`/design?framework=${framework.row.id}&imported=${plan.created}-${plan.updated}`, 303)
    const refused = !dryRun && plan.errors.length > 0
    return reply.html(catalogueImportPage(request.viewContext(reply), { text, format, plan, refused, frameworkId: framework.row.id, uses }), refused ? 422 : 200)
  })

  app.get<{ Querystring: Record<string, string> }>('/design/coverage', { config: access }, async (request, reply) => {
    const parsed = coverageQuery.safeParse(request.query)
    const sort = parsed.success ? parsed.data.sort : 'uncovered'
    const { framework, uses } = await frameworkOf(request)
    const result = await app.services.coverage.of(framework.row.id, sort)
    return reply.html(
      coveragePage(request.viewContext(reply), {
        framework: result.framework.row,
        frameworkId: framework.row.id,
        uses,
        scale: result.framework.row.scale,
        maxLevel: result.maxLevel,
        competencies: result.competencies,
        programmes: result.programmes,
        k: result.k,
        sort,
      }),
    )
  })
}

export default designPages

function requireProgrammeId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id: value })
  return id
}

function formValues(body: unknown): Record<string, string> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  return Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}
