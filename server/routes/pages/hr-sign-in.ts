import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { hrSignInPage, type HrSignInPageProps, type ProviderFormValues } from '../../../views/pages/hr-sign-in.js'
import { identityProviderPatchShape, identityProviderShape, redirectUriOf, type PlacementRule } from '../../domain/identity-providers.js'
import { sayProblem } from '../../domain/problems.js'
import { certificateOf, serviceProviderOf } from '../../domain/saml.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'
import type { Messages } from '../../../views/messages/en/index.js'

/** At most this many placement rules come from one form (the page shows those kept and one more). */
const MAX_RULES = 50
/** A SAML IdP's metadata may be pasted in the form: a few kilobytes, Entra ID's some tens. */
const FORM_BODY_LIMIT = 1024 * 1024

/**
 * HR's sign-in providers (/hr/sign-in): add, change and remove their institution's OpenID Connect
 * providers with plain forms; a refused form comes back as typed, with why, in the reader's language.
 */
const hrSignInPages: FastifyPluginAsync = async (app) => {
  const { identityProviders, institution } = app.services
  const actorOf = (user: SessionUser) => ({ id: user.id, institutionId: user.institutionId })

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, extra: Pick<HrSignInPageProps, 'notice' | 'refused' | 'passwordsError'> = {}) {
    const user = signedInUser(request)
    const [providers, roleProfiles, departments, passwordSignIn] = await Promise.all([identityProviders.listWithSecretState(actorOf(user)), institution.roleProfiles(user), institution.departments(user), identityProviders.passwordSignIn(user.institutionId)])
    const shown = providers.map((provider) => ({
      ...provider,
      redirectUri: provider.kind === 'oidc' ? redirectUriOf(app.caseOrigin, provider.id) : null,
      serviceProvider: provider.kind === 'saml' ? serviceProviderOf(app.caseOrigin, provider.id) : null,
      certificateSummaries: provider.certificates.flatMap((certificate) => certificateOf(certificate) ?? []),
    }))
    return reply.html(hrSignInPage(request.viewContext(reply), { providers: shown, roleProfiles, departments, passwordSignIn, ...extra }), status)
  }

  app.post('/hr/sign-in/passwords', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const choice = ((request.body ?? {}) as Record<string, unknown>)['passwords']
    const { m } = request.viewContext(reply)
    if (choice !== 'allowed' && choice !== 'off') return render(request, reply, 400, { passwordsError: m.signInSettings.passwordsChoose })
    try {
      await identityProviders.setPasswordSignIn(user, choice === 'allowed')
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return render(request, reply, 409, { passwordsError: sayProblem(m.problems, error.reason) })
    }
    return reply.redirect(`/hr/sign-in?passwords=${choice}#passwords-title`, 303)
  })

  app.get<{ Querystring: { added?: string; saved?: string; removed?: string; passwords?: string } }>('/hr/sign-in', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const { m } = request.viewContext(reply)
    const named = async (given: string | undefined) => {
      const id = parseId(given)
      return id === undefined ? undefined : (await identityProviders.list(actorOf(user))).find((provider) => provider.id === id)?.name
    }
    const added = await named(request.query.added)
    const saved = await named(request.query.saved)
    const passwords = request.query.passwords === 'allowed' || request.query.passwords === 'off' ? m.signInSettings.passwordsSaved(request.query.passwords === 'allowed') : undefined
    const notice = added !== undefined ? m.signInSettings.added(added) : saved !== undefined ? m.signInSettings.saved(saved) : request.query.removed === '1' ? m.signInSettings.removed : passwords
    return render(request, reply, 200, { notice })
  })

  app.post('/hr/sign-in', { config: { access: HR_ROLES }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const user = signedInUser(request)
    const { values, secret, odd } = formValues(request.body)
    const parsed = identityProviderShape.safeParse(values.kind === 'saml' ? { kind: 'saml', ...samlInputOf(values) } : { kind: 'oidc', ...inputOf(values), clientSecret: secret })
    try {
      if (odd !== undefined) throw new FieldError(odd)
      if (!parsed.success) throw invalid(parsed.error.issues[0]?.path[0])
      const { id } = await identityProviders.create(actorOf(user), user.institutionId, parsed.data)
      return reply.redirect(`/hr/sign-in?added=${id}#provider-${id}`, 303)
    } catch (error) {
      return refuse(request, reply, error, 'new', values)
    }
  })

  app.post<{ Params: { id: string } }>('/hr/sign-in/:id', { config: { access: HR_ROLES }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const user = signedInUser(request)
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'identityProvider', id: request.params.id })
    // Not theirs, or not there: 404 before anything is said about the form.
    const stored = await identityProviders.get(actorOf(user), id)
    const { values: typed, secret, odd } = formValues(request.body)
    const values = { ...typed, kind: stored.kind }
    const parsed = identityProviderPatchShape.safeParse(stored.kind === 'saml' ? samlInputOf(values) : { ...inputOf(values), ...(secret === '' ? {} : { clientSecret: secret }) })
    try {
      if (odd !== undefined) throw new FieldError(odd)
      if (!parsed.success) throw invalid(parsed.error.issues[0]?.path[0])
      await identityProviders.update(actorOf(user), id, parsed.data)
      return reply.redirect(`/hr/sign-in?saved=${id}#provider-${id}`, 303)
    } catch (error) {
      return refuse(request, reply, error, id, values)
    }
  })

  app.post<{ Params: { id: string } }>('/hr/sign-in/:id/remove', { config: { access: HR_ROLES } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'identityProvider', id: request.params.id })
    try {
      await identityProviders.remove(actorOf(signedInUser(request)), id)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return render(request, reply, 409, { passwordsError: sayProblem(request.viewContext(reply).m.problems, error.reason) })
    }
    return reply.redirect('/hr/sign-in?removed=1', 303)
  })

  /** A refused form, back as typed: 400 (or 409 for a domain taken, 404 for a provider not there). */
  async function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown, form: number | 'new', values: ProviderFormValues) {
    const { m } = request.viewContext(reply)
    if (error instanceof FieldError) return render(request, reply, 400, { refused: { form, values, error: m.signInSettings.invalid[error.field] } })
    if (error instanceof NotFoundError && form !== 'new' && error.reason.code === 'notFound' && (error.reason.params as { thing: string }).thing === 'identityProvider') throw error
    if (error instanceof InvalidInputError || error instanceof ConflictError || error instanceof NotFoundError) {
      return render(request, reply, error.statusCode, { refused: { form, values, error: sayProblem(m.problems, error.reason) } })
    }
    throw error
  }
}

type FormField = keyof Messages['signInSettings']['invalid']

class FieldError extends Error {
  constructor(readonly field: FormField) {
    super(`invalid ${field}`)
  }
}

const FIELDS: readonly FormField[] = ['createUnknown', 'name', 'issuer', 'clientId', 'clientSecret', 'emailDomains', 'mappings', 'metadataUrl', 'metadataXml', 'entityId']

function invalid(path: PropertyKey | undefined): FieldError {
  return new FieldError(FIELDS.find((field) => field === path) ?? 'mappings')
}

/** The form as typed: text trimmed, the rules that have anything in them. */
function formValues(body: unknown): { values: ProviderFormValues; secret: string; odd: FormField | undefined } {
  const form = (body ?? {}) as Record<string, unknown>
  const text = (key: string, max = 2000) => (typeof form[key] === 'string' ? (form[key] as string).trim().slice(0, max) : '')
  const rules: ProviderFormValues['rules'][number][] = []
  for (let index = 0; index <= MAX_RULES; index += 1) {
    const rule = { claim: text(`claim-${index}`, 200), value: text(`value-${index}`, 300), roleProfileId: text(`roleProfile-${index}`, 20), departmentId: text(`department-${index}`, 20) }
    if (Object.values(rule).some((part) => part !== '')) rules.push(rule)
  }
  return {
    values: {
      kind: form['kind'] === 'saml' ? 'saml' : 'oidc',
      name: text('name', 200),
      issuer: text('issuer', 600),
      clientId: text('clientId', 600),
      metadataUrl: text('metadataUrl', 1100),
      metadataXml: text('metadataXml', 500_001),
      entityId: text('entityId', 600),
      emailDomains: text('emailDomains'),
      createUnknown: form['createUnknown'] === '1',
      rules,
    },
    secret: typeof form['clientSecret'] === 'string' ? (form['clientSecret'] as string).slice(0, 2001) : '',
    // A box is ticked ('1') or not sent: anything else is not what the page sent.
    odd: form['createUnknown'] === undefined || form['createUnknown'] === '1' || form['createUnknown'] === '' ? undefined : 'createUnknown',
  }
}

/** The form's values as the API's shape takes them; ids that are not numbers are left for it to refuse. */
function inputOf(values: ProviderFormValues) {
  const idOf = (given: string) => (given === '' ? null : /^[1-9][0-9]{0,9}$/.test(given) ? Number(given) : -1)
  const mappings: (Omit<PlacementRule, 'roleProfileId' | 'departmentId'> & { roleProfileId: number | null; departmentId: number | null })[] = values.rules.map((rule) => ({
    claim: rule.claim,
    value: rule.value,
    roleProfileId: idOf(rule.roleProfileId),
    departmentId: idOf(rule.departmentId),
  }))
  return {
    name: values.name,
    issuer: values.issuer,
    clientId: values.clientId,
    emailDomains: values.emailDomains.split(/[\s,;]+/).filter((domain) => domain !== ''),
    createUnknown: values.createUnknown,
    mappings: mappings.filter((rule) => rule.roleProfileId !== null || rule.departmentId !== null || rule.claim !== '' || rule.value !== ''),
  }
}

/** A SAML provider's form as the API's shape takes it: the metadata fields left empty are not given. */
function samlInputOf(values: ProviderFormValues) {
  const { issuer: _issuer, clientId: _clientId, ...common } = inputOf(values)
  const given = (value: string) => (value === '' ? undefined : value)
  return { ...common, metadataUrl: given(values.metadataUrl), metadataXml: given(values.metadataXml), entityId: given(values.entityId) }
}

export default hrSignInPages
