import { z } from 'zod'

/** How a programme is delivered. */
export const PROGRAMME_MODES = ['online', 'blended', 'face_to_face'] as const
export type ProgrammeMode = (typeof PROGRAMME_MODES)[number]

/**
 * The rules of a programme's fields, for the API, the designers' form and the catalogue import alike.
 *
 * ```ts
 * programmeFieldRules.code.safeParse('AI-101').success // true
 * programmeFieldsSchema.safeParse({ code: 'x' }).success // false: one character, and the other fields missing
 * ```
 */
export const programmeFieldRules = {
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, '2 to 40 letters, digits, dots, dashes or underscores'),
  title: z.string().trim().min(1).max(300),
  provider: z.string().trim().min(1).max(200),
  mode: z.enum(PROGRAMME_MODES),
  hours: z.number().positive().max(10_000),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as en, fr or zh')).min(1).max(10),
  url: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  description: z.string().max(5000),
}

export const programmeFieldsSchema = z.object(programmeFieldRules).strict()

/** The fields of a programme a designer edits (and the catalogue file carries). */
export type ProgrammeFields = Readonly<Omit<z.infer<typeof programmeFieldsSchema>, 'languages'>> & { readonly languages: readonly string[] }

/** A programme's link to a competency as the API takes it; programme-links.ts checks it against the framework. */
export const linkSchema = z.object({ competencyId: z.number().int().positive().max(2_147_483_647), fromLevel: z.number().int().min(0).max(100), toLevel: z.number().int().min(1).max(100) }).strict()
