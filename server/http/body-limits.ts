/**
 * The body limit of the routes that take a framework (the API's import and the operators' upload page):
 * framework packages can be large (a CASE export of a big framework runs to megabytes).
 */
export const FRAMEWORK_BODY_LIMIT = 20 * 1024 * 1024
