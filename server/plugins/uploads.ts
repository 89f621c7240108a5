import multipart from '@fastify/multipart'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The name each file of a multipart form was sent under, by field ('' when none was chosen). */
    uploadedFileNames: Record<string, string>
  }
}

/**
 * Forms with a file (multipart/form-data), read into `request.body` as for any form: each field a
 * string, each file a Buffer. Registered before the CSRF check, which needs the form's `_csrf`
 * field, and after the access check, so no one is read before they are let in. No route takes a
 * file unless it says so (`config.multipartOptions`: how many files, how large); any other route
 * refuses multipart, 415, before reading it.
 */
export default fp(
  async (app) => {
    // Only a route that takes files takes multipart at all: any other answers as it did before, 415.
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.multipartOptions !== undefined) return
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) return
      throw Object.assign(new Error(`Unsupported Media Type: ${request.headers['content-type']}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })
    })
    app.decorateRequest('uploadedFileNames', null as unknown as Record<string, string>)
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      // The body keeps each file's bytes; the name it was sent under is kept beside it.
      async onFile(part) {
        this.uploadedFileNames ??= {}
        this.uploadedFileNames[part.fieldname] = part.filename
        await part.toBuffer()
      },
      limits: { files: 0, fileSize: 1, fields: 50, fieldSize: 1024 * 1024, parts: 60 },
    })
  },
  { name: 'uploads', dependencies: ['access'] },
)
