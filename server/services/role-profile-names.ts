import type { Translations } from '../domain/translations.js'
import { readRoleProfileFiles, shippedFiles } from './data-files.js'

/**
 * The translations of role profile names. The role_profiles table keeps the English name an
 * institution's profile was created with; the shipped files in framework-data/role-profiles carry its
 * translations. A profile is matched by its English name, so a profile named like a shipped one reads
 * the same in every language, and one with a name of its own stays as it is.
 *
 * ```ts
 * const names = await roleProfileNames()
 * names.translationsOf('Teacher') // { fr: { name: 'Enseignant', ... }, zh: { name: '教师', ... } }
 * await withProfileTranslations([{ id: 1, name: 'Teacher' }]) // [{ id: 1, name: 'Teacher', translations: {...} }]
 * ```
 */
export interface RoleProfileNames {
  translationsOf(name: string | null | undefined): Translations | undefined
}

let loaded: Promise<RoleProfileNames> | undefined

/** The names of the shipped role profiles, read once. */
export function roleProfileNames(): Promise<RoleProfileNames> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined
    throw error
  })
  return loaded
}

/** The profiles with the translations of their names, where the shipped files have them. */
export async function withProfileTranslations<T extends { readonly name: string }>(profiles: readonly T[]): Promise<(T & { readonly translations?: Translations | undefined })[]> {
  const names = await roleProfileNames()
  return profiles.map((profile) => ({ ...profile, translations: names.translationsOf(profile.name) }))
}

async function load(): Promise<RoleProfileNames> {
  const byName = new Map<string, Translations>()
  for (const file of await readRoleProfileFiles(await shippedFiles('role-profiles'))) {
    for (const profile of file.profiles) {
      const translations: Translations = {}
      for (const [locale, text] of Object.entries(profile.translations ?? {})) {
        if (text.name !== undefined) translations[locale] = { name: text.name }
      }
      if (!byName.has(profile.name)) byName.set(profile.name, translations)
    }
  }
  return { translationsOf: (name) => (name == null ? undefined : byName.get(name)) }
}
