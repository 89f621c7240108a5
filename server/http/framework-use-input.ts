import type { FrameworkUseChoice } from '../domain/framework-use.js'
import { parseId } from './ids.js'

/** The frameworks form of `/hr/frameworks` as sent, read into the choices the service checks. */
export interface FrameworksForm {
  readonly choices: FrameworkUseChoice[]
  /** A framework, addition or removal that is not an id: the form was not sent as the page made it. */
  readonly invalid: boolean
  /** What the form said, to show it again when it is refused. */
  readonly values: { readonly purpose: Map<number, string>; readonly audience: Map<number, string[]>; readonly remove: Set<number>; readonly add: string }
}

/**
 * Reads the form: the frameworks listed (in order) less those ticked to stop using, each with its
 * purpose and audience, then the one chosen to add. A value that is not an id makes the form invalid
 * (the page sends only ids); the service refuses ids that name no framework.
 *
 * ```ts
 * readFrameworksForm({ framework: ['1', '4'], 'purpose-4': 'Teachers', 'audience-4': 'teacher', add: '7' })
 * // choices: [{ frameworkId: 1, ... }, { frameworkId: 4, purpose: 'Teachers', audience: ['teacher'] }, { frameworkId: 7, purpose: '', audience: [] }]
 * ```
 */
export function readFrameworksForm(body: unknown): FrameworksForm {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const list = (key: string): string[] => {
    const value = form[key]
    if (typeof value === 'string') return [value]
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
  }
  let invalid = false
  const ids = (key: string) =>
    list(key).flatMap((text) => {
      const id = parseId(text)
      if (id === undefined && text !== '') invalid = true
      return id ?? []
    })
  const listed = ids('framework')
  const remove = new Set(ids('remove'))
  const purpose = new Map(listed.map((id) => [id, (list(`purpose-${id}`)[0] ?? '').trim()]))
  const audience = new Map(listed.map((id) => [id, [...new Set(list(`audience-${id}`))]]))
  const add = list('add')[0] ?? ''
  const added = parseId(add)
  if (added === undefined && add !== '') invalid = true
  const choices: FrameworkUseChoice[] = listed.filter((id) => !remove.has(id)).map((id) => ({ frameworkId: id, purpose: purpose.get(id) ?? '', audience: audience.get(id) ?? [] }))
  if (added !== undefined) choices.push({ frameworkId: added, purpose: '', audience: [] })
  return { choices, invalid, values: { purpose, audience, remove, add } }
}
