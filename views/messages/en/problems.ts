/** The English of the refusals a service gives a person (a code already used, a department already there, ...). */
import { PROBLEM_MESSAGES } from '../../../server/domain/problems.js'
import type { ProblemMessages } from '../../../server/domain/problems.js'

/** Why a request was refused, by the error's reason code: the same English as the API's message. */
export const problems: ProblemMessages = PROBLEM_MESSAGES
