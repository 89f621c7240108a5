import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ViewContext } from '../../../views/context.js'
import {
  adminFrameworkPage,
  adminFrameworksContent,
  adminFrameworksPage,
  EMPTY_IMPORT,
  EMPTY_NEW_VERSION,
  newVersionSection,
  resyncPage,
  type AdminFrameworkProps,
  type AdminFrameworksProps,
} from '../../../views/pages/admin-frameworks.js'
import { signedInUser } from '../../plugins/access.js'
import { problemText } from '../../../views/problem-text.js'
import { ConflictError, NotFoundError } from '../../services/errors.js'
import { FrameworkRejected, VersionConflict } from '../../services/framework-exchange/refusals.js'
import type { ImportOutcome } from '../../services/framework-exchange/import.js'
import type { FrameworkSummary } from '../../services/framework-exchange/export.js'
import { frameworkProblem } from '../../domain/framework-problems.js'
import { OPERATOR_ROLES } from '../../domain/roles.js'
import { ratedChoiceOf, ruleOfChoice, type RatedChoice } from '../../domain/case-rateable.js'
import { FRAMEWORK_BODY_LIMIT } from '../../http/body-limits.js'
import { parseId } from '../../http/ids.js'

const codeMapShape = z.record(z.string(), z.string().nullable())

/**
 * The admin's framework pages: the list with downloads and the import form; one version with the
 * form that loads a new version and its code map. Plain forms (303 on success), enhanced by htmx.
 */
const adminFrameworkPages: FastifyPluginAsync = async (app) => {
  const { frameworkExchange } = app.services

  app.get<{ Querystring: { imported?: string; unchanged?: string } }>('/admin/frameworks', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const frameworks = await frameworkExchange.list()
    const shown = frameworks.find((framework) => framework.id === parseId(request.query.imported ?? request.query.unchanged))
    const notice = shown && { text: request.query.imported ? `${context.m.admin.imported(shown.slug, shown.version)} ${shapeOf(context, shown)}` : context.m.admin.unchanged(shown.slug, shown.version), warnings: [] }
    return reply.html(adminFrameworksPage(context, { frameworks, form: EMPTY_IMPORT, notice }))
  })

  // The package as a file (multipart, plugins/uploads.ts) or pasted (either form encoding): as large as the API takes.
  const multipartOptions = { limits: { files: 1, fileSize: FRAMEWORK_BODY_LIMIT, fieldSize: FRAMEWORK_BODY_LIMIT } }
  app.post('/admin/frameworks/import', { config: { access: OPERATOR_ROLES, multipartOptions }, bodyLimit: FRAMEWORK_BODY_LIMIT }, async (request, reply) => {
    const context = request.viewContext(reply)
    // A chosen file is what is imported; it is not written back into the page when refused (it can be megabytes).
    const upload = fileField(request.body, 'packageFile')
    const text = upload === undefined ? field(request.body, 'package') : ''
    const rated = ratedOf(request.body)
    const render = async (status: number, extra: Partial<AdminFrameworksProps>) => {
      const props: AdminFrameworksProps = { frameworks: await frameworkExchange.list(), ...extra, form: { text, sentBy: 'package', rated, errors: [], ...extra.form } }
      return reply.html(request.isHtmx ? adminFrameworksContent(context, props) : adminFrameworksPage(context, props), status)
    }
    const rule = ruleOfChoice(rated)
    if (!rule.ok) return render(422, { form: { text, errors: [], ratedProblem: rule.field } })
    const decoded = upload === undefined ? { ok: true as const, text } : utf8(upload)
    if (!decoded.ok) return render(422, { form: { text, errors: [], message: context.m.admin.notUtf8 } })
    if (decoded.text.trim() === '') return render(422, { form: { text, errors: [], message: context.m.admin.importNothing } })
    const parsed = parseJson(decoded.text)
    if (!parsed.ok) return render(422, { form: { text, errors: [], message: context.m.admin.notJson(parsed.reason) } })
    try {
      return await afterImport(request, reply, context, await frameworkExchange.import(signedInUser(request), parsed.value, 'upload', { rateable: rule.rule }), render)
    } catch (error) {
      if (error instanceof FrameworkRejected) return render(422, { form: { text, errors: error.errors } })
      if (error instanceof ConflictError) return render(409, { form: { text, errors: [], message: conflictText(context, error) } })
      throw error
    }
  })

  app.post('/admin/frameworks/import-url', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const url = field(request.body, 'url').trim().slice(0, 2000)
    const rated = ratedOf(request.body)
    const render = async (status: number, extra: Partial<AdminFrameworksProps>) => {
      const props: AdminFrameworksProps = { frameworks: await frameworkExchange.list(), ...extra, form: { text: '', url, sentBy: 'url', rated, errors: [], ...extra.form } }
      return reply.html(request.isHtmx ? adminFrameworksContent(context, props) : adminFrameworksPage(context, props), status)
    }
    const rule = ruleOfChoice(rated)
    if (!rule.ok) return render(422, { form: { text: '', url, errors: [], ratedProblem: rule.field } })
    try {
      return await afterImport(request, reply, context, await frameworkExchange.importFromUrl(signedInUser(request), url, rule.rule), render)
    } catch (error) {
      if (error instanceof FrameworkRejected) return render(422, { form: { text: '', url, errors: error.errors } })
      if (error instanceof ConflictError) return render(409, { form: { text: '', url, errors: [], message: conflictText(context, error) } })
      throw error
    }
  })

  /**
   * What an import says: htmx gets the list with a notice; a plain form goes to the list (or to the
   * new version's page, which says what moved to it), unless the conversion has notes to read: then
   * the page with them is the answer, as a redirect would lose them.
   */
  async function afterImport(
    request: FastifyRequest,
    reply: FastifyReply,
    context: ViewContext,
    outcome: ImportOutcome,
    render: (status: number, extra: Partial<AdminFrameworksProps>) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    const moved = outcome.institutions?.length ?? 0
    const carried = outcome.counts?.ratings ?? 0
    const judgements = outcome.counts?.judgements ?? 0
    const status = outcome.status === 'unchanged' ? 200 : 201
    if (!request.isHtmx && outcome.warnings.length === 0) {
      if (outcome.status === 'new-version') return reply.redirect(`/admin/frameworks/${outcome.id}?moved=${moved}&carried=${carried}&judgements=${judgements}`, 303)
      return reply.redirect(`/admin/frameworks?${outcome.status === 'loaded' ? 'imported' : 'unchanged'}=${outcome.id}`, 303)
    }
    const said =
      outcome.status === 'loaded'
        ? context.m.admin.imported(outcome.slug, outcome.version)
        : outcome.status === 'new-version'
          ? context.m.admin.versionLoaded(outcome.version, moved, carried, judgements)
          : context.m.admin.unchanged(outcome.slug, outcome.version)
    // What the package made, so the choice of rated items can be judged at once.
    const loaded = outcome.status === 'unchanged' ? undefined : (await frameworkExchange.list()).find((framework) => framework.id === outcome.id)
    const text = loaded === undefined ? said : `${said} ${shapeOf(context, loaded)}`
    return render(request.isHtmx ? 200 : status, { form: EMPTY_IMPORT, notice: { text, warnings: outcome.warnings } })
  }

  app.get<{ Params: { id: string } }>('/admin/frameworks/:id/resync', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const id = requireId(request.params.id)
    const props = await versionProps(id)
    try {
      return reply.html(resyncPage(context, { framework: props.framework, preview: await frameworkExchange.resyncPreview(id) }))
    } catch (error) {
      if (error instanceof FrameworkRejected) return reply.html(adminFrameworkPage(context, { ...props, form: EMPTY_NEW_VERSION, refusal: { errors: error.errors } }), 422)
      throw error
    }
  })

  app.post<{ Params: { id: string } }>('/admin/frameworks/:id/resync', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const id = requireId(request.params.id)
    const props = await versionProps(id)
    try {
      const outcome = await frameworkExchange.resync(signedInUser(request), id, field(request.body, 'digest'))
      if (outcome.status !== 'new-version') return reply.redirect(`/admin/frameworks/${outcome.id}`, 303)
      return reply.redirect(`/admin/frameworks/${outcome.id}?moved=${outcome.institutions?.length ?? 0}&carried=${outcome.counts?.ratings ?? 0}&judgements=${outcome.counts?.judgements ?? 0}`, 303)
    } catch (error) {
      if (error instanceof FrameworkRejected) return reply.html(adminFrameworkPage(context, { ...props, form: EMPTY_NEW_VERSION, refusal: { errors: error.errors } }), 422)
      if (error instanceof ConflictError) return reply.html(adminFrameworkPage(context, { ...props, form: EMPTY_NEW_VERSION, refusal: { errors: [], message: conflictText(context, error) } }), 409)
      throw error
    }
  })

  async function versionProps(id: number): Promise<Omit<AdminFrameworkProps, 'form'>> {
    const frameworks = await frameworkExchange.list()
    const framework = frameworks.find((candidate) => candidate.id === id)
    if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id })
    return { framework, versions: frameworks.filter((candidate) => candidate.slug === framework.slug), subscription: await frameworkExchange.subscriptionOf(id) }
  }

  app.get<{ Params: { id: string }; Querystring: { moved?: string; carried?: string; judgements?: string } }>('/admin/frameworks/:id', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const props = await versionProps(requireId(request.params.id))
    const moved = parseId(request.query.moved) ?? (request.query.moved === '0' ? 0 : undefined)
    const carried = parseId(request.query.carried) ?? 0
    const judgements = parseId(request.query.judgements) ?? 0
    const notice = moved === undefined ? undefined : { text: context.m.admin.versionLoaded(props.framework.version, moved, carried, judgements), warnings: [] }
    return reply.html(adminFrameworkPage(context, { ...props, form: EMPTY_NEW_VERSION, notice }))
  })

  app.post<{ Params: { id: string } }>('/admin/frameworks/:id/versions', { config: { access: OPERATOR_ROLES }, bodyLimit: FRAMEWORK_BODY_LIMIT }, async (request, reply) => {
    const context = request.viewContext(reply)
    const id = requireId(request.params.id)
    const form = { framework: field(request.body, 'framework'), codeMap: field(request.body, 'codeMap') }
    const render = async (status: number, extra: Partial<AdminFrameworkProps>) => {
      const props: AdminFrameworkProps = { ...(await versionProps(id)), form: { ...form, errors: [] }, ...extra }
      return reply.html(request.isHtmx ? newVersionSection(context, props) : adminFrameworkPage(context, props), status)
    }
    await versionProps(id)
    const framework = parseJson(form.framework)
    const codeMap = parseJson(form.codeMap.trim() === '' ? '{}' : form.codeMap)
    const mapShape = codeMap.ok ? codeMapShape.safeParse(codeMap.value) : undefined
    const errors = [
      ...(framework.ok ? [] : [frameworkProblem('/framework', 'notJson', { reason: framework.reason })]),
      ...(codeMap.ok ? [] : [frameworkProblem('/codeMap', 'notJson', { reason: codeMap.reason })]),
      ...(mapShape === undefined || mapShape.success ? [] : [frameworkProblem('/codeMap', 'codeMapShape', {})]),
    ]
    if (errors.length > 0 || !framework.ok || mapShape === undefined || !mapShape.success) return render(422, { form: { ...form, errors } })
    try {
      const outcome = await frameworkExchange.newVersion(signedInUser(request), id, framework.value, mapShape.data)
      const moved = outcome.institutions.length
      if (!request.isHtmx) return reply.redirect(`/admin/frameworks/${outcome.id}?moved=${moved}&carried=${outcome.counts.ratings}${outcome.counts.judgements > 0 ? `&judgements=${outcome.counts.judgements}` : ''}`, 303)
      const props = await versionProps(outcome.id)
      return reply.html(newVersionSection(context, { ...props, form: EMPTY_NEW_VERSION, notice: { text: context.m.admin.versionLoaded(outcome.version, moved, outcome.counts.ratings, outcome.counts.judgements), warnings: [] } }))
    } catch (error) {
      if (error instanceof FrameworkRejected) return render(422, { form: { ...form, errors: error.errors } })
      if (error instanceof ConflictError) return render(409, { form: { ...form, errors: [], message: conflictText(context, error) } })
      throw error
    }
  })
}

export default adminFrameworkPages

/** How many competencies a version rates, and the domains and indicators around them. */
function shapeOf(context: ViewContext, framework: FrameworkSummary): string {
  return context.m.admin.shape(framework.competencies, framework.domains, framework.indicators)
}

/** A refused version as this page says it; any other conflict by its reason, both in the reader's language. */
function conflictText(context: ViewContext, error: ConflictError): string {
  return error instanceof VersionConflict ? context.m.admin.versionConflicts[error.conflict](error.slug, error.version) : problemText(context.m, error)
}

function requireId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: value })
  return id
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : ''
}

/** A file of a multipart form (a Buffer, plugins/uploads.ts); none when no file was chosen. */
function fileField(body: unknown, name: string): Buffer | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined
  return Buffer.isBuffer(value) && value.length > 0 ? value : undefined
}

/** The file as text: UTF-8, as JSON is (RFC 8259), a byte order mark ignored. */
function utf8(bytes: Buffer): { ok: true; text: string } | { ok: false } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) }
  } catch {
    return { ok: false }
  }
}

function ratedOf(body: unknown): RatedChoice {
  return ratedChoiceOf({ rated: field(body, 'rated'), depth: field(body, 'depth'), itemTypes: field(body, 'itemTypes') })
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}
