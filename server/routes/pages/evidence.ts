import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { evidencePage, evidenceSection, type EvidencePageProps } from '../../../views/pages/evidence.js'
import { EVIDENCE_FILE_MAX_BYTES } from '../../domain/evidence-file.js'
import { sayProblem } from '../../domain/problems.js'
import { sendEvidence } from '../../http/evidence-download.js'
import { parseId } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../services/errors.js'

/** The person's evidence files: the library page, upload, delete, download. */
const evidencePages: FastifyPluginAsync = async (app) => {
  const { evidence } = app.services

  async function render(request: FastifyRequest, reply: FastifyReply, props: Omit<EvidencePageProps, 'files'>, status = 200) {
    const files = await evidence.library(signedInUser(request))
    const context = request.viewContext(reply)
    return reply.html(request.isHtmx ? evidenceSection(context, { ...props, files }) : evidencePage(context, { ...props, files }), status)
  }

  app.get<{ Querystring: { uploaded?: string; again?: string; deleted?: string } }>('/evidence', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const uploaded = parseId(request.query.uploaded)
    const named = uploaded === undefined ? undefined : (await evidence.named(user, [uploaded]))[0]
    const deleted = typeof request.query.deleted === 'string' ? request.query.deleted.slice(0, 200) : undefined
    const notice = named !== undefined ? { kind: request.query.again === '1' ? ('uploadedAgain' as const) : ('uploaded' as const), name: named.name } : deleted !== undefined ? { kind: 'deleted' as const, name: deleted } : undefined
    return render(request, reply, { notice })
  })

  app.post('/evidence', { config: { access: 'signed-in', multipartOptions: { limits: { files: 1, fileSize: EVIDENCE_FILE_MAX_BYTES } } } }, async (request, reply) => {
    const user = signedInUser(request)
    const content = ((request.body ?? {}) as Record<string, unknown>)['file']
    try {
      if (!Buffer.isBuffer(content)) throw InvalidInputError.of('evidenceEmpty', {})
      const file = await evidence.upload(user, { name: request.uploadedFileNames?.['file'] ?? '', content })
      if (!request.isHtmx) return reply.redirect(`/evidence?uploaded=${file.id}${file.created ? '' : '&again=1'}`, 303)
      return render(request, reply, { notice: { kind: file.created ? 'uploaded' : 'uploadedAgain', name: file.name } })
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof ConflictError)) throw error
      return render(request, reply, { error: sayProblem(request.viewContext(reply).m.problems, error.reason) }, error.statusCode)
    }
  })

  app.post<{ Params: { id: string } }>('/evidence/:id/delete', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = parseId(request.params.id)
    const file = id === undefined ? undefined : (await evidence.named(user, [id]))[0]
    if (file === undefined) throw NotFoundError.of('notFound', { thing: 'evidence', id: request.params.id })
    try {
      await evidence.remove(user, file.id)
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return render(request, reply, { error: sayProblem(request.viewContext(reply).m.problems, error.reason) }, 409)
    }
    if (!request.isHtmx) return reply.redirect(`/evidence?deleted=${encodeURIComponent(file.name)}`, 303)
    return render(request, reply, { notice: { kind: 'deleted', name: file.name } })
  })

  app.get<{ Params: { id: string } }>('/evidence/:id/file', { config: { access: 'signed-in' } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'evidence', id: request.params.id })
    return sendEvidence(reply, await evidence.download(signedInUser(request), id))
  })
}

export default evidencePages
