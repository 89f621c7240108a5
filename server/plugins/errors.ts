import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatBytes } from '../domain/bytes.js'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { en } from '../../views/messages/en/index.js'
import { errorFragment, errorPage } from '../../views/pages/error.js'
import { problemText } from '../../views/problem-text.js'
import { PROBLEM_MESSAGES, type ProblemCode, type ProblemReason } from '../domain/problems.js'
import { isDatabaseUnavailable, isDiskFull } from '../db/unavailable.js'
import { ForbiddenError, InvalidInputError, isServiceError, NotFoundError, UnprocessableError } from '../services/errors.js'

/**
 * The error body of the API: `{ error: { code, message, reason?, details? } }`. A service's refusal
 * adds its `reason` code (e.g. 'departmentExists') beside the English message.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; reason?: ProblemCode; details?: unknown }
}

/**
 * The error handlers of the pages (the root context): a person's mistake (4xx) is answered with its
 * own clear message on a friendly page (a fragment for htmx); a fault of ours (5xx) is logged with the
 * request and answered with a message that reveals nothing. A request that needs a signed-in person
 * and has none is sent to the sign-in page. The API registers its own handlers (`jsonErrors`) in its
 * encapsulated context, so neither needs to look at the URL to know which it is answering.
 */
export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const problem = describeAndLog(error, request)
      if (problem.code === 'unauthenticated') return toSignIn(request, reply)
      return respondPage(request, reply, problem)
    })
    app.setNotFoundHandler(async (request, reply) => {
      return respondPage(request, reply, { status: 404, code: 'not_found', message: request.viewContext(reply).m.errors.notFoundText })
    })
  },
  { name: 'errors', dependencies: ['view'] },
)

/**
 * Error and not-found handlers answering in the API's JSON shape (`ApiErrorBody`), for the context
 * they are called in: the API's (routes/api) and the health check's. Errors thrown by the app-wide
 * hooks of a route in that context (no bearer token: 401; the app closing: 503) come here too.
 */
export function jsonErrors(app: FastifyInstance): void {
  app.setErrorHandler(jsonErrorHandler)
  app.setNotFoundHandler(async (request, reply) =>
    respondJson(reply, { status: 404, code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  )
}

/** The JSON error handler alone, for a context that shares its prefix's not-found handler (/healthz). */
export async function jsonErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return respondJson(reply, describeAndLog(error, request))
}

/** What went wrong, as a status, a code and a message a person understands; logged at its level. For contexts that answer in their own shape (/ims/case). */
export function describeAndLog(error: FastifyError, request: FastifyRequest): Problem {
  const problem = describe(error, request)
  if (problem.status === 503 && isDiskFull(error)) {
    request.log.error({ url: request.url, method: request.method, reason: error.message }, 'the database disk is full: free space on it (the app recovers by itself once there is room)')
  } else if (problem.code === 'database_unavailable') request.log.warn({ url: request.url, method: request.method, reason: error.message }, 'database unavailable')
  else if (problem.status >= 500 && problem.code !== 'shutting_down') request.log.error({ err: error, url: request.url, method: request.method }, 'request failed')
  else request.log.info({ url: request.url, status: problem.status, code: problem.code }, problem.message)
  return problem
}

/** A page that needs a signed-in person: to the sign-in page, coming back here after (GET only). */
async function toSignIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
  // htmx follows redirects inside fetch; ask it to load the sign-in page as a whole page instead.
  if (request.isHtmx) return reply.header('HX-Redirect', `/login${next}`).code(401).send('')
  return reply.redirect(`/login${next}`, 303)
}

/**
 * While the app closes (SIGTERM), requests that arrive on connections still open are answered 503 in
 * our shape instead of Fastify's own body (return503OnClosing is off in buildApp); those already in
 * flight finish. `markLateArrivals` goes first of all hooks, to tell the two apart on arrival;
 * `refuseLateArrivals` after the auth plugin, so the 503 page is in the reader's language, and before
 * the route's access is checked.
 */
const lateArrivals = new WeakSet<FastifyRequest>()

export function markLateArrivals(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (request) => {
    if (closing) lateArrivals.add(request)
  })
}

export function refuseLateArrivals(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!lateArrivals.has(request)) return
    reply.header('connection', 'close')
    throw new ShuttingDownError()
  })
}

/** Answered 503 by the context's error handler, in its shape (page or JSON). */
class ShuttingDownError extends Error {
  readonly statusCode = 503
  readonly code = 'shutting_down'
  constructor() {
    super('The server is restarting; nothing was changed. Please try again shortly.')
  }
}

export interface Problem {
  status: number
  code: string
  message: string
  /** A service's refusal by code, said in the reader's language on pages. */
  reason?: ProblemReason | undefined
  details?: unknown
}

function describe(error: FastifyError, request: FastifyRequest): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'is not valid',
    }))
    const summary = details.map((detail) => `${detail.field}: ${detail.message}`).join('; ')
    return { status: 400, code: 'invalid_request', message: `The request is not valid: ${summary}`, details }
  }
  if (error instanceof InvalidInputError) {
    return { status: 400, code: 'invalid_request', message: error.message, reason: error.reason, details: error.fields }
  }
  if (error instanceof UnprocessableError) {
    return { status: 422, code: 'unprocessable', message: error.message, reason: error.reason, details: error.problems }
  }
  if (isServiceError(error)) {
    return { status: error.statusCode, code: error instanceof ForbiddenError ? 'forbidden' : error instanceof NotFoundError ? 'not_found' : 'conflict', message: error.message, reason: error.reason }
  }
  if (error instanceof ShuttingDownError) return { status: 503, code: error.code, message: error.message }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'database_unavailable', message: 'The database does not answer at the moment; nothing was changed. Please try again shortly.' }
  }
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, code: 'csrf', message: 'The form token is missing or out of date. Reload the page and try again.' }
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit
    return { status: 413, code: 'payload_too_large', message: `The request is too large: this address accepts at most ${formatBytes(limit)}.` }
  }
  // A form with a file (plugins/uploads.ts): too large, or a file where the address takes none.
  if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
    const limit = request.routeOptions.config.multipartOptions?.limits?.fileSize ?? 0
    const reason = { code: 'uploadTooLarge', params: { limit: formatBytes(limit) } } as const
    return { status: 413, code: 'payload_too_large', message: PROBLEM_MESSAGES.uploadTooLarge(reason.params), reason }
  }
  // busboy's own refusals of a malformed or cut-short multipart body carry no status: the client's fault, not ours.
  if (error.statusCode === undefined && (MULTIPART_MALFORMED.test(error.message) || (error.code === 'ERR_STREAM_PREMATURE_CLOSE' && request.isMultipart()))) {
    return { status: 400, code: 'invalid_request', message: PROBLEM_MESSAGES.uploadUnreadable({}), reason: { code: 'uploadUnreadable', params: {} } }
  }
  if (error.code === 'FST_FILES_LIMIT' || error.code === 'FST_FIELDS_LIMIT' || error.code === 'FST_PARTS_LIMIT') {
    return { status: 413, code: 'payload_too_large', message: PROBLEM_MESSAGES.uploadTooMany({}), reason: { code: 'uploadTooMany', params: {} } }
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return { status, code: clientErrorCode(error), message: error.message }
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.' }
}

const MULTIPART_MALFORMED = /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data)$/

function clientErrorCode(error: FastifyError): string {
  if (typeof error.code === 'string' && !error.code.startsWith('FST_')) return error.code
  switch (error.statusCode) {
    case 401:
      return 'unauthenticated'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 413:
      return 'payload_too_large'
    case 415:
      return 'unsupported_media_type'
    case 429:
      return 'rate_limited'
    default:
      return 'bad_request'
  }
}

function respondJson(reply: FastifyReply, problem: Problem): FastifyReply {
  const body: ApiErrorBody = {
    error: {
      code: problem.code,
      message: problem.message,
      ...(problem.reason === undefined ? {} : { reason: problem.reason.code }),
      ...(problem.details === undefined ? {} : { details: problem.details }),
    },
  }
  return reply.code(problem.status).type('application/json; charset=utf-8').send(body)
}

async function respondPage(request: FastifyRequest, reply: FastifyReply, problem: Problem): Promise<FastifyReply> {
  if (problem.status === 503) reply.header('retry-after', '5')
  const context = request.viewContext(reply)
  const m = context.m
  const message = problem.code === 'csrf' ? m.errors.csrf : problem.status === 503 ? m.errors.unavailableText : problem.status >= 500 ? m.errors.serverError : problemText(m, problem)
  if (request.isHtmx) return reply.html(errorFragment({ message }), problem.status)
  const title = problem.status === 404 ? m.errors.notFound : problem.status === 403 ? m.errors.forbidden : problem.status === 503 ? m.errors.unavailable : m.errors.title
  return reply.html(errorPage(context, { title, message }), problem.status)
}

/**
 * Fastify's `frameworkErrors`: a URL that cannot be decoded (400) or a path parameter longer than
 * allowed (414) is refused before routing, so before our hooks; answered in our shapes all the same.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode === 414 ? 414 : 400
  const m = en
  const message = status === 414 ? m.errors.urlTooLong : m.errors.badUrl
  // Before routing, so no context's handlers: the path is all there is to tell the API from pages.
  if (request.url.startsWith('/api/')) {
    const body: ApiErrorBody = { error: { code: status === 414 ? 'uri_too_long' : 'bad_url', message } }
    void reply.code(status).type('application/json; charset=utf-8').send(body)
    return
  }
  // No hooks ran: nobody is signed in as far as this page knows, and it carries no form.
  const context = { user: null, csrfToken: '', path: '/', url: '/', locale: 'en', m, assets: request.server.assetUrls }
  // This reply is Fastify's base one, without our decorators: send the page by hand.
  void reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(errorPage(context, { title: m.errors.title, message }).toString())
}
