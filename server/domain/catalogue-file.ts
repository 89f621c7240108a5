import type { Translations } from './translations.js'
import type { RuleError } from './data-file.js'

/** A programme catalogue file as programmes.schema.json describes it. */
export interface CatalogueFile {
  id: string
  title: string
  description?: string
  sample: boolean
  framework: { id: string; version: string }
  sources: { title: string; url?: string; note?: string }[]
  programmes: CatalogueFileProgramme[]
}

export interface CatalogueFileProgramme {
  code: string
  title: string
  provider: string
  mode: 'online' | 'blended' | 'face_to_face'
  hours: number
  languages: string[]
  url?: string
  description?: string
  published: boolean
  translations?: Translations
  competencies: { code: string; fromLevel: number; toLevel: number }[]
}

/** Default role profiles of a framework, as role-profiles.schema.json describes them. */
export interface RoleProfilesFile {
  framework: { id: string; version: string }
  sources: { title: string; url?: string; note?: string }[]
  profiles: {
    code: string
    name: string
    description?: string
    staffGroup?: string
    translations?: Record<string, { name?: string; description?: string }>
    targets: Record<string, number>
  }[]
}

/** What the rules need to know of the framework a file refers to. */
export interface FrameworkCodes {
  /** Codes of the competencies a person rates (not domains or indicators). */
  readonly competencyCodes: ReadonlySet<string>
  readonly maxLevel: number
}

/**
 * Links a schema cannot check: each code a competency of the framework, levels on its scale with
 * from below to, no competency twice in one programme, no programme code twice.
 *
 * ```ts
 * catalogueRuleErrors(file, { competencyCodes: new Set(['PED.1']), maxLevel: 3 })
 * // [{ pointer: '/programmes/4/competencies/0/code', message: 'no competency "PED.9" in iioe-hew 2021.1' }]
 * ```
 */
export function catalogueRuleErrors(file: CatalogueFile, framework: FrameworkCodes): RuleError[] {
  const errors: RuleError[] = []
  const codes = new Map<string, number>()
  file.programmes.forEach((programme, index) => {
    const pointer = `/programmes/${index}`
    const first = codes.get(programme.code)
    if (first !== undefined) errors.push({ pointer: `${pointer}/code`, message: `programme code "${programme.code}" is already used at /programmes/${first}` })
    else codes.set(programme.code, index)
    const linked = new Set<string>()
    programme.competencies.forEach((link, linkIndex) => {
      const at = `${pointer}/competencies/${linkIndex}`
      if (!framework.competencyCodes.has(link.code)) {
        errors.push({ pointer: `${at}/code`, message: `there is no competency "${link.code}" in ${file.framework.id} ${file.framework.version}` })
      }
      if (linked.has(link.code)) errors.push({ pointer: `${at}/code`, message: `competency "${link.code}" is linked twice` })
      linked.add(link.code)
      if (link.fromLevel >= link.toLevel) errors.push({ pointer: `${at}/toLevel`, message: `toLevel ${link.toLevel} must be above fromLevel ${link.fromLevel}` })
      if (link.toLevel > framework.maxLevel) errors.push({ pointer: `${at}/toLevel`, message: `level ${link.toLevel} is not on the scale (1 to ${framework.maxLevel})` })
    })
  })
  return errors
}

/** Targets a schema cannot check: each code a competency of the framework, each level on its scale. */
export function roleProfileRuleErrors(file: RoleProfilesFile, framework: FrameworkCodes): RuleError[] {
  const errors: RuleError[] = []
  const codes = new Set<string>()
  file.profiles.forEach((profile, index) => {
    if (codes.has(profile.code)) errors.push({ pointer: `/profiles/${index}/code`, message: `profile code "${profile.code}" is used twice` })
    codes.add(profile.code)
    for (const [code, level] of Object.entries(profile.targets)) {
      const pointer = `/profiles/${index}/targets/${code.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (!framework.competencyCodes.has(code)) errors.push({ pointer, message: `there is no competency "${code}" in ${file.framework.id} ${file.framework.version}` })
      if (level > framework.maxLevel) errors.push({ pointer, message: `level ${level} is not on the scale (1 to ${framework.maxLevel})` })
    }
  })
  return errors
}
