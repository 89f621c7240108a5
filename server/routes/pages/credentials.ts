import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { credentialCheckPage, credentialsPage, type CredentialsPageProps } from '../../../views/pages/credentials.js'
import { hrCredentialsPage, type HrCredentialsPageProps } from '../../../views/pages/hr-credentials.js'
import { localizedText, levelLabelText } from '../../../views/localize.js'
import { badgeHue, badgePng, bakePng } from '../../domain/badge-image.js'
import { REVOKE_REASON_MAX } from '../../domain/credentials.js'
import { sayProblem } from '../../domain/problems.js'
import { parseCredentialId, parseId, requireFrameworkParam } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'

/**
 * Credentials in pages: the holder's list and downloads, asking for a completion to be confirmed,
 * HR and designers confirming, the public check of one credential, and HR's page.
 */
const credentialPages: FastifyPluginAsync = async (app) => {
  const { credentials, completions, credentialSettings, issuers, frameworkUses } = app.services

  const confirms = (user: SessionUser) => user.role === 'hr' || user.role === 'designer'

  async function holderProps(user: SessionUser, extra: Pick<CredentialsPageProps, 'notice' | 'error'> = {}): Promise<CredentialsPageProps> {
    const [held, completed, toConfirm] = await Promise.all([credentials.mine(user), completions.mine(user), confirms(user) ? completions.toConfirm(user) : undefined])
    return { held, completions: completed, toConfirm, ...extra }
  }

  app.get<{ Querystring: { asked?: string; confirmed?: string } }>('/credentials', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const props = await holderProps(user)
    const { m } = request.viewContext(reply)
    const asked = props.completions.find((completion) => completion.activityId === parseId(request.query.asked))
    const confirmedId = parseId(request.query.confirmed)
    const confirmed = confirmedId === undefined ? undefined : await completions.confirmedBy(user, confirmedId)
    const notice = asked !== undefined ? m.credentials.askedNotice(asked.title) : confirmed !== undefined ? m.credentials.confirmedNotice(confirmed.person, confirmed.title) : undefined
    return reply.html(credentialsPage(request.viewContext(reply), { ...props, notice }))
  })

  /** The form's action went wrong in a way the person can mend: the page again, saying why. */
  async function refused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!(error instanceof ConflictError || error instanceof InvalidInputError)) throw error
    const { m } = request.viewContext(reply)
    return reply.html(credentialsPage(request.viewContext(reply), await holderProps(signedInUser(request), { error: sayProblem(m.problems, error.reason) })), error.statusCode)
  }

  app.post<{ Params: { id: string } }>('/credentials/completions/:id/ask', { config: { access: 'signed-in' } }, async (request, reply) => {
    const activityId = parseId(request.params.id)
    if (activityId === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: request.params.id })
    try {
      await completions.ask(signedInUser(request), activityId)
    } catch (error) {
      return refused(request, reply, error)
    }
    return reply.redirect(`/credentials?asked=${activityId}#completions-title`, 303)
  })

  app.post<{ Params: { id: string } }>('/credentials/completions/:id/confirm', { config: { access: ['hr', 'designer'] } }, async (request, reply) => {
    const activityId = parseId(request.params.id)
    if (activityId === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: request.params.id })
    try {
      await completions.confirm(signedInUser(request), activityId)
    } catch (error) {
      return refused(request, reply, error)
    }
    return reply.redirect(`/credentials?confirmed=${activityId}#confirm-title`, 303)
  })

  // The public check, and the credential in its two forms: the JSON it carries, and the signed VC-JWT.
  app.get<{ Params: { id: string } }>('/credentials/:id', { config: { access: 'public' } }, async (request, reply) => {
    const [, given, form] = /^(.*?)(\.json|\.jwt)?$/.exec(request.params.id)!
    const key = parseCredentialId(given)
    if (key === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: request.params.id })
    // Live: a revocation shows at once; and nobody else's search engine keeps it.
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex')
    if (form !== undefined) {
      const jwt = await credentials.signed(key)
      if (jwt === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: key })
      reply.header('content-disposition', `attachment; filename="credential-${key}${form}"`).header('access-control-allow-origin', '*')
      if (form === '.jwt') return reply.type('application/jwt').send(jwt)
      return reply.type('application/json').send(JSON.stringify((JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { vc: unknown }).vc, null, 2))
    }
    const check = await credentials.check(key)
    if (check === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: key })
    const context = request.viewContext(reply)
    const issuer = await issuers.issuer(check.institutionId)
    let competency: { code: string; title: string; levelLabel: string } | undefined
    if (check.competencyId !== null && check.level !== null) {
      const framework = await frameworkUses.frameworkOf(check.competencyId)
      const node = framework?.tree.byId.get(check.competencyId)
      if (framework !== undefined && node !== undefined) {
        competency = { code: node.code, title: localizedText(context, node.translations, 'title', node.title), levelLabel: `${check.level} ${levelLabelText(context, framework.row.scale, check.level)}` }
      }
    }
    return reply.html(
      credentialCheckPage(context, {
        check,
        issuerName: String(issuer?.['name'] ?? ''),
        jwksUrl: `/issuers/${check.institutionId}/jwks`,
        competency,
        checkedAt: new Date(),
      }),
    )
  })

  app.get<{ Params: { id: string } }>('/credentials/:id/badge.png', { config: { access: 'public' } }, async (request, reply) => {
    const id = parseCredentialId(request.params.id)
    const check = id === undefined ? undefined : await credentials.check(id)
    const jwt = check === undefined ? undefined : await credentials.signed(check.id)
    if (check === undefined || jwt === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: request.params.id })
    // The image carries the signed credential (Open Badges "baking"): a wallet reads it from the file.
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="badge-${check.id}.png"`)
      .type('image/png')
      .send(bakePng(badgePng({ hue: badgeHue(check.institutionId) }), jwt))
  })

  // HR: issued credentials in aggregate, the level that earns one, revocation.
  async function hrProps(user: SessionUser, requested: number | undefined, extra: Partial<HrCredentialsPageProps> = {}): Promise<HrCredentialsPageProps> {
    const chosen = await frameworkUses.choose(user, { requested })
    const [summary, levels] = await Promise.all([credentialSettings.summary(user), credentialSettings.levels(user)])
    return { framework: { id: chosen.framework.row.id, tree: chosen.framework.tree, scale: chosen.framework.row.scale }, uses: chosen.uses, summary, levels, ...extra }
  }

  app.get<{ Querystring: { framework?: string; saved?: string; revoked?: string } }>('/hr/credentials', { config: { access: ['hr'] } }, async (request, reply) => {
    const user = signedInUser(request)
    const { m } = request.viewContext(reply)
    const saved = parseId(request.query.saved) ?? (request.query.saved === '0' ? 0 : undefined)
    const notice = request.query.revoked === '1' ? m.credentials.revokedNotice : saved !== undefined ? m.credentials.levelsSaved(saved) : undefined
    return reply.html(hrCredentialsPage(request.viewContext(reply), await hrProps(user, requireFrameworkParam(request.query.framework), { notice })))
  })

  app.post('/hr/credentials/levels', { config: { access: ['hr'] } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const requested = typeof body['framework'] === 'string' ? parseId(body['framework']) : undefined
    const chosen = await frameworkUses.choose(user, { requested })
    const scale = chosen.framework.row.scale
    const levels = chosen.framework.tree.competencies.flatMap((node) => {
      const value = body[`level-${node.id}`]
      if (value === undefined) return []
      if (typeof value !== 'string' || !/^[0-9]{0,2}$/.test(value)) return [{ competencyId: node.id, level: -1 }]
      return [{ competencyId: node.id, level: value === '' ? null : Number(value) }]
    })
    try {
      const saved = await credentialSettings.setLevels(user, { levels }, (competencyId) => {
        const node = chosen.framework.tree.byId.get(competencyId)
        return node === undefined ? undefined : { code: node.code, levels: scale.levels.map((level) => level.level) }
      })
      return reply.redirect(`/hr/credentials?framework=${chosen.framework.row.id}&saved=${saved.changed}`, 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const { m } = request.viewContext(reply)
      const props = await hrProps(user, chosen.framework.row.id, { levelsError: sayProblem(m.problems, error.reason) })
      return reply.html(hrCredentialsPage(request.viewContext(reply), props), 400)
    }
  })

  app.post('/hr/credentials/revoke', { config: { access: ['hr'] } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const credential = typeof body['credential'] === 'string' ? body['credential'].trim() : ''
    const reason = typeof body['reason'] === 'string' ? body['reason'] : ''
    const { m } = request.viewContext(reply)
    // The page's address or the id alone: the id is the last part of the address.
    const id = parseCredentialId(/([0-9a-f-]{36})(\.json|\.jwt)?\/?$/i.exec(credential)?.[1])
    try {
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: credential.slice(0, 60) })
      if (reason.length > REVOKE_REASON_MAX) throw InvalidInputError.of('credentialReasonTooLong', { max: REVOKE_REASON_MAX })
      await credentials.revoke(user, id, reason)
      return reply.redirect('/hr/credentials?revoked=1#revoke-title', 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof NotFoundError)) throw error
      const message = error instanceof NotFoundError ? m.credentials.revokeUnknown : sayProblem(m.problems, error.reason)
      const props = await hrProps(user, undefined, { revoke: { values: { credential: credential.slice(0, 300), reason: reason.slice(0, REVOKE_REASON_MAX) }, error: message } })
      return reply.html(hrCredentialsPage(request.viewContext(reply), props), error instanceof NotFoundError ? 404 : 400)
    }
  })

}

export default credentialPages
