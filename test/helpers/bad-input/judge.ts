/** What is wrong with an answer to one of the sweep's requests: a 5xx, a stack trace or file path, a wrong status, an error without a message. */
import type { LightMyRequestResponse } from 'fastify'
import { en } from '../../../views/messages/en/index.js'
import type { Case } from './cases.js'

const STACK_FRAME = /\bat (?:async )?[\w.<>[\] ]*\(?(?:file:|node:|\/)[^\s)]*:\d+:\d+/
const FILE_PATH = /(?:\/work\/|\/home\/|\/usr\/|node_modules|\.tsx?:\d+|\.js:\d+)/
const PAGE_ERROR_TITLES = [en.errors.title, en.errors.notFound, en.errors.forbidden, en.language.unknownTitle].map((title) => `<h1>${title}</h1>`)

/** What is wrong with an answer, in words. */
export function judge(item: Case, response: LightMyRequestResponse): string[] {
  const problems: string[] = []
  const status = response.statusCode
  if (status >= 500) problems.push(`answered ${status}`)
  if (STACK_FRAME.test(response.body)) problems.push('shows a stack frame')
  if (FILE_PATH.test(response.body) && !response.headers['content-type']?.toString().includes('css')) problems.push('shows a file path')
  if (item.refuse && (status < 400 || status >= 500)) problems.push(`answered ${status} to invalid input`)
  if (status >= 400 && status < 500) {
    const type = String(response.headers['content-type'] ?? '')
    if (type.includes('json')) {
      // Our API's error, the CASE service's imsx_StatusInfo (its description is the message), or SCIM's (its detail).
      const body = response.json() as { error?: { message?: unknown }; imsx_description?: unknown; detail?: unknown }
      const message = body.error?.message ?? body.imsx_description ?? body.detail
      if (typeof message !== 'string' || message.length < 5) problems.push('a JSON error without a message')
    } else if (type.includes('html')) {
      const readable = /role="alert"|class="field-error"/.test(response.body) || PAGE_ERROR_TITLES.some((title) => response.body.includes(title))
      if (!readable) problems.push('an HTML error without a message')
    } else if (!(status === 401 && response.headers['hx-redirect'])) {
      problems.push(`a ${status} of type "${type}"`)
    }
  }
  return problems
}
