import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { CrosswalkRelation } from '../domain/crosswalk-file.js'
import type { Translations } from '../domain/translations.js'
import { INVERSE_RELATION, type CrosswalkFile } from '../domain/crosswalk-file.js'
import { DataFilesRejected } from './data-files.js'

/** A competency of another framework related to the one being looked at. */
export interface RelatedCompetency {
  /** What the other competency is for this one. */
  readonly relation: CrosswalkRelation
  readonly frameworkSlug: string
  readonly frameworkTitle: string
  readonly frameworkTranslations: Translations
  readonly version: string
  readonly code: string
  readonly title: string
  /** The other competency's title in other languages. */
  readonly translations: Translations
  readonly note: string
}

/**
 * Crosswalks between frameworks: loaded from framework-data/crosswalks as a whole (the files replace
 * what was loaded before, all or nothing), read per competency in both directions.
 *
 * ```ts
 * const crosswalks = createCrosswalkService(db)
 * await crosswalks.load(await readCrosswalkFiles(files, await crosswalks.knownCodes()))
 * await crosswalks.related('iioe-hew', 'PRO.1') // [{ relation: 'exact', frameworkSlug: 'digcompedu', code: 'DCE.1.4', ... }]
 * ```
 */
export function createCrosswalkService(db: Kysely<Database>) {
  return {
    /** Whether a loaded framework (any version of the slug) has a code: what crosswalk files are checked against. */
    async knownCodes(): Promise<(slug: string, code: string) => 'known' | 'no-framework' | 'no-code'> {
      const rows = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select(['frameworks.slug', 'competencies.code']).execute()
      const codes = new Map<string, Set<string>>()
      for (const row of rows) codes.set(row.slug, (codes.get(row.slug) ?? new Set()).add(row.code))
      return (slug, code) => (!codes.has(slug) ? 'no-framework' : codes.get(slug)!.has(code) ? 'known' : 'no-code')
    },

    /** Replaces every loaded link by those of the files, in one transaction; a pair linked by two files is refused. */
    async load(files: readonly CrosswalkFile[]): Promise<{ links: number }> {
      const seen = new Map<string, string>()
      const errors: { file: string; pointer: string; message: string }[] = []
      const rows = files.flatMap((file) =>
        file.links.map((link, index) => {
          const pair = [`${link.from.framework}:${link.from.code}`, `${link.to.framework}:${link.to.code}`].sort().join(' ')
          const first = seen.get(pair)
          if (first !== undefined && !first.startsWith(`${file.id}#`)) errors.push({ file: file.id, pointer: `/links/${index}`, message: `these two competencies are already linked in ${first}` })
          seen.set(pair, `${file.id}#/links/${index}`)
          return { crosswalk: file.id, from_slug: link.from.framework, from_code: link.from.code, to_slug: link.to.framework, to_code: link.to.code, relation: link.relation, note: link.note ?? '' }
        }),
      )
      if (errors.length > 0) throw new DataFilesRejected(errors)
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('crosswalk_links').execute()
        for (let index = 0; index < rows.length; index += 1000) await trx.insertInto('crosswalk_links').values(rows.slice(index, index + 1000)).execute()
        return { links: rows.length }
      })
    },

    /**
     * The competencies of other frameworks linked to (slug, code), in either direction, each shown as
     * in the newest loaded version of its framework that has the code.
     */
    async related(slug: string, code: string): Promise<RelatedCompetency[]> {
      const links = await db
        .selectFrom('crosswalk_links')
        .selectAll()
        .where((eb) => eb.or([eb.and([eb('from_slug', '=', slug), eb('from_code', '=', code)]), eb.and([eb('to_slug', '=', slug), eb('to_code', '=', code)])]))
        .orderBy('id')
        .execute()
      const related: RelatedCompetency[] = []
      for (const link of links) {
        const forward = link.from_slug === slug && link.from_code === code
        const other = forward ? { slug: link.to_slug, code: link.to_code } : { slug: link.from_slug, code: link.from_code }
        const found = await db
          .selectFrom('competencies')
          .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
          .select(['frameworks.title as frameworkTitle', 'frameworks.translations as frameworkTranslations', 'frameworks.version', 'competencies.title', 'competencies.translations'])
          .where('frameworks.slug', '=', other.slug)
          .where('competencies.code', '=', other.code)
          .orderBy('frameworks.loaded_at', 'desc')
          .orderBy('frameworks.id', 'desc')
          .executeTakeFirst()
        if (found === undefined) continue
        related.push({ relation: forward ? link.relation : INVERSE_RELATION[link.relation], frameworkSlug: other.slug, code: other.code, note: link.note, ...found })
      }
      const order: CrosswalkRelation[] = ['exact', 'broader', 'narrower', 'related']
      return related.sort((a, b) => order.indexOf(a.relation) - order.indexOf(b.relation) || a.frameworkSlug.localeCompare(b.frameworkSlug) || a.code.localeCompare(b.code, 'en', { numeric: true }))
    },
  }
}

export type CrosswalkService = ReturnType<typeof createCrosswalkService>
