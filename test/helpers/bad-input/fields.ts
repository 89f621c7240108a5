/** Shorthands for the sweep's fields, and the field sets several routes share (activities, staff, programmes, links). */
import type { Field } from './types.js'

export const id = (valid = 1, extra: Partial<Extract<Field, { t: 'int' }>> = {}): Field => ({ t: 'int', min: 1, max: 2_147_483_647, valid, ...extra })
export const level: Extract<Field, { t: 'int' }> = { t: 'int', min: 1, max: 10, valid: 1, required: true }
/** A person's own level: 0 is "not yet", below the scale's first level. */
export const selfLevel: Extract<Field, { t: 'int' }> = { ...level, min: 0 }
export const text = (valid: string, max: number, required = false): Field => ({ t: 'text', valid, max, required })
export const str = (valid: string, required = false): Field => ({ t: 'str', valid, required })
/** Sign-in fields: each request costs a password hash (~0.1 s), so they get the short list of values. */
export const signInField = (valid: string): Field => ({ t: 'str', valid, required: true, few: true })
export const enumOf = (values: readonly string[], required = false, valid = values[0]!): Field => ({ t: 'enum', values, valid, required })
export const flag = (valid = '1'): Field => ({ t: 'str', valid })
export const page: Field = { t: 'int', min: 1, max: 100_000, valid: 1 }

export const ACTIVITY_FIELDS = {
  title: text('Sweep seminar', 300),
  status: enumOf(['planned', 'in_progress', 'completed'], true),
  hours: { t: 'num', min: 0, max: 2000, valid: 3 } as Field,
  startedAt: str('2026-01-05'),
  completedAt: str('2026-01-06'),
  certificateUrl: str('https://example.org/certificate'),
  notes: text('notes', 2000),
}
export const STAFF_FIELDS = {
  name: text('Sweep Person', 200, true),
  role: enumOf(['lecturer', 'hr', 'designer', 'admin'], true),
  departmentId: id(1, { nullable: true }),
  roleProfileId: id(1, { nullable: true }),
  reviewerId: id(1, { nullable: true }),
}

export const CATALOGUE_HEADER = 'code,title,provider,mode,hours,languages,url,description,published,competency,from_level,to_level'
/** The programme form of the designers' pages; the code is that of the sweep's own programme. */
export const PROGRAMME_FIELDS = {
  code: str('SWEEP-P1', true),
  title: text('Sweep programme', 300, true),
  provider: text('Sweep provider', 200, true),
  mode: enumOf(['online', 'blended', 'face_to_face'], true),
  hours: { t: 'num', min: 0.001, max: 10_000, valid: 10 } as Field,
  languages: str('en', true),
  url: str('https://example.org/programme'),
  description: text('Made by the sweep', 5000),
}
export const PROGRAMME_JSON_FIELDS = {
  ...PROGRAMME_FIELDS,
  languages: { t: 'list', valid: ['en'], required: true } as Field,
  url: { t: 'str', valid: 'https://example.org/programme', nullable: true } as Field,
}
export const LINK_FIELDS = {
  competencyId: id(1, { required: true }),
  fromLevel: { t: 'int', min: 0, max: 100, valid: 0, required: true } as Field,
  toLevel: { t: 'int', min: 1, max: 100, valid: 1, required: true } as Field,
}

/** The kept sums a gap report brings up to date before it adds them up: derived data a read may write. */
export const REPORT_SUMS = ['report_person_sums', 'report_sums_stale']
