import { readFile } from 'node:fs/promises'
import { Ajv, type ValidateFunction } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'

/**
 * CASE's published definitions, to check what we export and serve against: OpenSALT's CASE 1.0
 * package schema (a copy of shared/conformance/case, MIT licence) and 1EdTech's own (the 1.0
 * service's Swagger, the 1.1 package JSON Schema, the 1.1 service's OpenAPI; test/fixtures/case/1edtech).
 */
export const CASE_DIR = new URL('../fixtures/case/', import.meta.url)
const EDTECH_DIR = new URL('1edtech/', CASE_DIR)
export const readJson = async (file: URL | string): Promise<any> => JSON.parse(await readFile(file, 'utf8'))

const plain = (): Ajv => {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv
}

export const openSaltPackageSchema = await readJson(new URL('case-v1p0-cfpackage-schema.json', CASE_DIR))
const swaggerDocument = await readJson(new URL('case-v1p0-swagger.json', EDTECH_DIR))
const openapiDocument = await readJson(new URL('case-v1p1-openapi3.json', EDTECH_DIR))
const swagger = plain()
swagger.addSchema({ $id: 'case-1.0', definitions: closedUnions(swaggerDocument.definitions) })
const openapi = plain()
openapi.addSchema({ $id: 'case-1.1', components: openapiDocument.components })
const ajv2019 = new Ajv2019({ strict: false, allErrors: true })
addFormats.default(ajv2019)

export const validateOpenSaltPackage = plain().compile(openSaltPackageSchema)

const packageValidators: Record<string, ValidateFunction> = {
  'OpenSALT CASE 1.0 package schema': validateOpenSaltPackage,
  '1EdTech CASE 1.0 Swagger (CFPackage.Type)': swagger.compile({ $ref: 'case-1.0#/definitions/CFPackage.Type' }),
  '1EdTech CASE 1.1 package JSON Schema': ajv2019.compile(await readJson(new URL('case-v1p1-cfpackage-schema.json', EDTECH_DIR))),
  '1EdTech CASE 1.1 OpenAPI (CFPackageDType)': openapi.compile({ $ref: 'case-1.1#/components/schemas/CFPackageDType' }),
}

/** What each schema of a CASE package finds wrong with one (the first few errors of each); empty when all accept it. */
export function packageProblems(pkg: unknown): string[] {
  return problems(packageValidators, pkg)
}

/** The collections our uris name that the service has no call for: checked against the type they hold. */
const UNLISTED: Record<string, string> = { CFRubricCriteria: 'CFRubricCriterion', CFRubricCriterionLevels: 'CFRubricCriterionLevel' }
const compiled = new Map<string, ValidateFunction>()

/**
 * What 1EdTech's definition of the service finds wrong with an answer of ours: the schema its 1.0
 * Swagger or 1.1 OpenAPI gives for that call and status (`/CFItems/{sourcedId}`, 200); empty when
 * it accepts it. A path the service does not define (`/CFRubricCriteria/{sourcedId}`) is checked
 * against the type it holds.
 */
export function responseProblems(version: 'v1p0' | 'v1p1', path: string, status: number, body: unknown): string[] {
  const key = `${version} ${path} ${status}`
  let validate = compiled.get(key)
  if (validate === undefined) {
    const type = UNLISTED[path.split('/')[1] ?? '']
    const document = version === 'v1p0' ? swaggerDocument : openapiDocument
    if (type === undefined && !(path in document.paths)) throw new Error(`CASE ${version} defines no ${path}`)
    if (version === 'v1p0') {
      const ref: string = type !== undefined ? `#/definitions/${type}.Type` : document.paths[path].get.responses[String(status)].schema.$ref
      validate = swagger.compile({ $ref: `case-1.0${ref}` })
    } else {
      const ref: string = type !== undefined ? `#/components/schemas/${type}DType` : (Object.values(document.paths[path].get.responses[String(status)].content)[0] as { schema: { $ref: string } }).schema.$ref
      validate = openapi.compile({ $ref: `case-1.1${ref}` })
    }
    compiled.set(key, validate)
  }
  return problems({ [`1EdTech CASE ${version} ${path} ${status}`]: validate }, body)
}

/**
 * 1EdTech's 1.0 Swagger writes each type outside a package (CFDocument, CFItem, CFAssociation) as
 * allOf the package type and one more property, both closed (additionalProperties: false): read as
 * JSON Schema no object satisfies both, since each refuses the other's properties. Its intent, one
 * closed object with the properties and requirements of both, is what we check against.
 */
function closedUnions(definitions: Record<string, any>): Record<string, any> {
  const resolve = (part: any) => (typeof part.$ref === 'string' ? definitions[part.$ref.replace('#/definitions/', '')] : part)
  return Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => {
      if (!Array.isArray(definition.allOf)) return [name, definition]
      const parts = definition.allOf.map(resolve)
      if (!parts.every((part: any) => part.additionalProperties === false)) return [name, definition]
      const { allOf: _, ...rest } = definition
      return [
        name,
        { ...rest, type: 'object', properties: Object.assign({}, ...parts.map((part: any) => part.properties)), required: parts.flatMap((part: any) => part.required ?? []), additionalProperties: false },
      ]
    }),
  )
}

function problems(validators: Record<string, ValidateFunction>, value: unknown): string[] {
  return Object.entries(validators).flatMap(([name, validate]) =>
    validate(value) ? [] : (validate.errors ?? []).slice(0, 3).map((error) => `${name}: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`),
  )
}
