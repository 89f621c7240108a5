import { NotFoundError } from '../services/errors.js'

/** A positive database id in a URL; anything else is "not found". */
export function parseId(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined
  const id = Number(value)
  return id <= 2_147_483_647 ? id : undefined
}

/** The ids among a form field's values (one value, or several ticked boxes); anything not an id is left out. */
export function formIds(value: unknown): number[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.flatMap((part) => {
    const id = typeof part === 'string' ? parseId(part) : undefined
    return id === undefined ? [] : [id]
  })
}

/** The competency id of a URL, or a 404 that names what was asked for. */
export function requireCompetencyId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'competency', id: value })
  return id
}

/** The activity id of a URL, or a 404 that names what was asked for. */
export function requireActivityId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: value })
  return id
}

/** `?framework=` of a page: absent for the default, else an id, or a 404 that names what was asked for. */
export function requireFrameworkParam(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: String(value) })
  return id
}

/** The framework id of a URL, or a 404 that names what was asked for. */
export function requireFrameworkId(value: string): number {
  const id = parseId(value)
  if (id === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: value })
  return id
}

/** A credential's id from an address: a UUID in any case, lowered; anything else is no credential of ours. */
export function parseCredentialId(value: string | undefined): string | undefined {
  return value !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : undefined
}
