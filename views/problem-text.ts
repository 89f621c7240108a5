import { sayProblem, type ProblemReason } from '../server/domain/problems.js'
import type { Messages } from './messages/en/index.js'

/**
 * A refusal in the reader's language: a service error's (or a programme link's) reason said from the
 * catalogue, or its English message when it carries no reason (an error of Fastify's own, a 413).
 *
 * ```ts
 * problemText(fr, ConflictError.of('departmentExists', { name: 'Physique' })) // 'Il existe déjà un département « Physique »'
 * problemText(fr, NotFoundError.of('notFound', { thing: 'programme', id: 7 })) // 'Il n’y a pas de formation 7'
 * ```
 */
export function problemText(m: Messages, error: { readonly message: string; readonly reason?: ProblemReason | undefined }): string {
  return error.reason === undefined ? error.message : sayProblem(m.problems, error.reason)
}
