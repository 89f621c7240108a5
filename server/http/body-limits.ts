import { FRAMEWORK_EXCHANGE_BYTES } from '../domain/case-export.js'

/**
 * The body limit of the routes that take a framework (the API's import and the operators' upload page):
 * as large as the heaviest export a loaded framework can have, so every export imports again
 * (domain/case-export.ts refuses frameworks whose exports would weigh more).
 */
export const FRAMEWORK_BODY_LIMIT = FRAMEWORK_EXCHANGE_BYTES
