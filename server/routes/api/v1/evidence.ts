import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { EVIDENCE_FILE_MAX_BYTES } from '../../../domain/evidence-file.js'
import { sendEvidence } from '../../../http/evidence-download.js'
import { parseId } from '../../../http/ids.js'
import { signedInUser } from '../../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../../services/errors.js'
import type { EvidenceFile, LibraryFile } from '../../../services/evidence.js'
import { errorResponse } from '../../../http/api-schemas.js'

const evidenceResponse = z.object({
  id: z.number().int(),
  name: z.string().describe('The name it is kept under: no folders, with the extension of its real type'),
  type: z.string().describe('The type read from the content'),
  bytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
})

const libraryResponse = evidenceResponse.extend({
  citedNow: z.array(z.object({ competencyId: z.number().int(), code: z.string() })).describe('Competencies whose current self-rating cites it'),
  cited: z.boolean().describe('Whether any rating ever cited it (then it is kept with that rating)'),
})

function evidenceJson(file: EvidenceFile) {
  return { id: file.id, name: file.name, type: file.type, bytes: file.bytes, sha256: file.sha256, uploadedAt: file.uploadedAt.toISOString() }
}

function libraryJson(file: LibraryFile) {
  return { ...evidenceJson(file), citedNow: [...file.citedNow], cited: file.cited }
}

const idParams = z.object({ id: z.string().max(20) })

/** Evidence files: upload, list, download, delete. */
const evidenceApi: FastifyPluginAsyncZod = async (app) => {
  const { evidence } = app.services

  app.post(
    '/me/evidence',
    {
      config: { access: 'signed-in', multipartOptions: { limits: { files: 1, fileSize: EVIDENCE_FILE_MAX_BYTES } } },
      schema: {
        tags: ['evidence'],
        summary: 'Upload an evidence file (multipart/form-data, field `file`): a PDF, picture or office document of up to 10 MB, its type read from its content; the same content again is the same file',
        consumes: ['multipart/form-data'],
        response: { 200: evidenceResponse, 201: evidenceResponse, 400: errorResponse, 409: errorResponse, 413: errorResponse, 415: errorResponse },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw Object.assign(new Error('Send the file as multipart/form-data, in the field "file"'), { statusCode: 415, code: 'unsupported_media_type' })
      const content = (request.body as Record<string, unknown> | undefined)?.['file']
      if (!Buffer.isBuffer(content)) throw InvalidInputError.of('evidenceEmpty', {}, { file: 'required' })
      const file = await evidence.upload(signedInUser(request), { name: request.uploadedFileNames?.['file'] ?? '', content })
      return reply.code(file.created ? 201 : 200).send(evidenceJson(file))
    },
  )

  app.get(
    '/me/evidence',
    { config: { access: 'signed-in' }, schema: { tags: ['evidence'], summary: 'Your evidence files, newest first, with the ratings that cite them', response: { 200: z.array(libraryResponse) } } },
    async (request) => (await evidence.library(signedInUser(request))).map(libraryJson),
  )

  app.get(
    '/evidence/:id/file',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['evidence'],
        summary: 'Download an evidence file (always as an attachment): your own, or one cited by a rating whose review was asked of you',
        params: idParams,
        response: { 404: errorResponse },
      },
    },
    async (request, reply) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'evidence', id: request.params.id })
      return sendEvidence(reply, await evidence.download(signedInUser(request), id))
    },
  )

  app.delete(
    '/me/evidence/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['evidence'], summary: 'Delete an evidence file no rating has cited (one that was cited stays with that rating)', params: idParams, response: { 204: z.null(), 404: errorResponse, 409: errorResponse } },
    },
    async (request, reply) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'evidence', id: request.params.id })
      await evidence.remove(signedInUser(request), id)
      return reply.code(204).send(null)
    },
  )
}

export default evidenceApi
