import type { Messages } from '../../views/messages/en/index.js'
import { programmeFieldRules, type ProgrammeFields } from '../domain/programme.js'

export type FormParse<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string>; values: Record<string, string> }

const FIELDS = ['code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description'] as const

/** Reads the programme form of the designers' pages: every field checked, each error in the person's words. */
export function parseProgrammeForm(body: unknown, m: Messages): FormParse<ProgrammeFields> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const values: Record<string, string> = {}
  for (const key of [...FIELDS, 'updatedAt']) if (typeof form[key] === 'string') values[key] = (form[key] as string).trim()
  const candidate = {
    code: values['code'] ?? '',
    title: values['title'] ?? '',
    provider: values['provider'] ?? '',
    mode: values['mode'] ?? '',
    hours: values['hours'] === undefined || values['hours'] === '' ? Number.NaN : Number(values['hours'].replace(',', '.')),
    languages: (values['languages'] ?? '')
      .split(/[\s,;]+/)
      .map((language) => language.toLowerCase())
      .filter(Boolean),
    url: values['url'] ? values['url'] : null,
    description: values['description'] ?? '',
  }
  const errors: Record<string, string> = {}
  for (const field of FIELDS) {
    if (!programmeFieldRules[field].safeParse(candidate[field]).success) errors[field] = m.design.fieldErrors[field]
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, input: { ...candidate, mode: candidate.mode as ProgrammeFields['mode'], languages: [...new Set(candidate.languages)] } }
}

/** Reads the add-a-link form: competency and the two levels, as numbers; undefined when not numbers at all. */
export function parseLinkForm(body: unknown): { competencyId: number; fromLevel: number; toLevel: number } | undefined {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const number = (key: string) => (typeof form[key] === 'string' && /^\d{1,9}$/.test(form[key] as string) ? Number(form[key]) : undefined)
  const competencyId = number('competencyId')
  const fromLevel = number('fromLevel')
  const toLevel = number('toLevel')
  if (competencyId === undefined || fromLevel === undefined || toLevel === undefined) return undefined
  return { competencyId, fromLevel, toLevel }
}
