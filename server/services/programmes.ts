import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Translations } from '../domain/translations.js'
import { catalogueRuleErrors, type CatalogueFile } from '../domain/catalogue-file.js'
import type { ProgrammeFields, ProgrammeMode } from '../domain/programme.js'
import type { CatalogueProgramme } from '../domain/recommendations.js'
import { maxLevel } from '../domain/scale.js'
import { DataFilesRejected } from './data-files.js'
import { NotFoundError } from './errors.js'
import type { FrameworkService } from './frameworks.js'

export interface ProgrammeLinkView {
  readonly competencyId: number
  readonly code: string
  readonly title: string
  readonly fromLevel: number
  readonly toLevel: number
}

export interface Programme extends ProgrammeFields {
  readonly id: number
  readonly translations: Translations
  readonly published: boolean
  readonly catalogue: string
  /** Links to competencies of the framework asked about (others are left out). */
  readonly competencies: readonly ProgrammeLinkView[]
}

export interface ProgrammeFilter {
  readonly competencyId?: number | undefined
  readonly mode?: ProgrammeMode | undefined
  readonly language?: string | undefined
  readonly maxHours?: number | undefined
}

/**
 * The programme catalogue: loading the shipped files and reading programmes with the competencies
 * (of one framework) they develop.
 *
 * ```ts
 * const programmes = createProgrammeService(db, frameworks)
 * await programmes.list(frameworkId, { mode: 'online', maxHours: 20 })
 * ```
 */
export function createProgrammeService(db: Kysely<Database>, frameworks: FrameworkService) {
  async function withLinks(frameworkId: number, rows: readonly ProgrammeRow[]): Promise<Programme[]> {
    if (rows.length === 0) return []
    const links = await linksOfProgrammes(db, frameworkId, rows.map((row) => row.id), 'code')
    return rows.map((row) => ({
      ...row,
      competencies: links
        .filter((link) => link.programmeId === row.id)
        .map(({ competencyId, code, title, fromLevel, toLevel }) => ({ competencyId, code, title, fromLevel, toLevel })),
    }))
  }


  return {
    /** Published programmes matching the filter, each with its links into the framework. */
    async list(frameworkId: number, filter: ProgrammeFilter = {}): Promise<Programme[]> {
      let query = db
        .selectFrom('programmes')
        .select(['id', 'code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description', 'translations', 'published', 'catalogue'])
        .where('published', '=', true)
        .orderBy('code')
      if (filter.mode !== undefined) query = query.where('mode', '=', filter.mode)
      if (filter.maxHours !== undefined) query = query.where('hours', '<=', filter.maxHours)
      if (filter.language !== undefined) query = query.where(sql<boolean>`languages @> ${JSON.stringify([filter.language])}::jsonb`)
      if (filter.competencyId !== undefined) {
        const competencyId = filter.competencyId
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('programme_competencies')
              .select('programme_competencies.programme_id')
              .whereRef('programme_competencies.programme_id', '=', 'programmes.id')
              .where('programme_competencies.competency_id', '=', competencyId),
          ),
        )
      }
      return withLinks(frameworkId, await query.execute())
    },

    /** One published programme; 404 when there is none by that id. */
    async get(frameworkId: number, id: number): Promise<Programme> {
      const row = await db
        .selectFrom('programmes')
        .select(['id', 'code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description', 'translations', 'published', 'catalogue'])
        .where('id', '=', id)
        .where('published', '=', true)
        .executeTakeFirst()
      if (row === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id })
      return (await withLinks(frameworkId, [row]))[0]!
    },

    /** The competencies of the framework a programme develops, published or not (for re-rating after it). */
    async linksOf(frameworkId: number, programmeId: number): Promise<ProgrammeLinkView[]> {
      return (await linksOfProgrammes(db, frameworkId, [programmeId], 'code')).map(({ programmeId: _, ...link }) => link)
    },

    /** Published programmes as the recommendation and learning-path rules need them. */
    async forRecommendations(frameworkId: number): Promise<CatalogueProgramme[]> {
      const programmes = await this.list(frameworkId)
      return programmes.map((programme) => ({
        id: programme.id,
        code: programme.code,
        title: programme.title,
        translations: programme.translations,
        hours: programme.hours,
        languages: programme.languages,
        links: programme.competencies.map(({ competencyId, fromLevel, toLevel }) => ({ competencyId, fromLevel, toLevel })),
      }))
    },

    /**
     * Loads catalogue files in one transaction: programmes not yet in the database are added with their
     * links; programmes already there (by code) are left as they are, since designers may have edited
     * them, but for their translations: those follow the file while the programme's English title and
     * description are still the file's (a translation of text a designer rewrote would be wrong). A
     * link to an unknown competency or off the scale refuses the whole load.
     */
    async loadCatalogues(files: readonly CatalogueFile[]): Promise<{ added: number; kept: number }> {
      const prepared: { file: CatalogueFile; codes: Map<string, number> }[] = []
      for (const [index, file] of files.entries()) {
        const frameworkId = await frameworks.idOf(file.framework.id, file.framework.version)
        const framework = frameworkId === undefined ? undefined : await frameworks.get(frameworkId)
        if (framework === undefined) {
          throw new DataFilesRejected([{ file: `catalogue ${file.id}`, pointer: '/framework', message: `framework ${file.framework.id} ${file.framework.version} is not loaded` }])
        }
        const codes = new Map(framework.tree.competencies.map((competency) => [competency.code, competency.id]))
        const errors = catalogueRuleErrors(file, { competencyCodes: new Set(codes.keys()), maxLevel: maxLevel(framework.row.scale) })
        if (errors.length > 0) throw new DataFilesRejected(errors.map((error) => ({ file: `catalogue ${file.id} (file ${index + 1})`, ...error })))
        prepared.push({ file, codes })
      }
      return db.transaction().execute(async (trx) => {
        let added = 0
        let kept = 0
        for (const { file, codes } of prepared) {
          for (const programme of file.programmes) {
            if (await insertProgramme(trx, file.id, programme, codes)) added++
            else {
              kept++
              await refreshTranslations(trx, file.id, programme)
            }
          }
        }
        return { added, kept }
      })
    },
  }
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>

/** The links of some programmes into one framework's competencies, each with its programme's id. */
export function linksOfProgrammes(db: Kysely<Database>, frameworkId: number, programmeIds: readonly number[], order: 'code' | 'position') {
  return db
    .selectFrom('programme_competencies')
    .innerJoin('competencies', 'competencies.id', 'programme_competencies.competency_id')
    .select([
      'programme_competencies.programme_id as programmeId',
      'competencies.id as competencyId',
      'competencies.code',
      'competencies.title',
      'programme_competencies.from_level as fromLevel',
      'programme_competencies.to_level as toLevel',
    ])
    .where('competencies.framework_id', '=', frameworkId)
    .where('programme_competencies.programme_id', 'in', programmeIds)
    .orderBy(order === 'code' ? 'competencies.code' : 'competencies.position')
    .execute()
}

type ProgrammeRow = Omit<Programme, 'competencies'>

/** A catalogue file's programme as the columns of its row (all but code, translations and catalogue). */
export function programmeColumns(programme: CatalogueFile['programmes'][number]) {
  return {
    title: programme.title,
    provider: programme.provider,
    mode: programme.mode,
    hours: programme.hours,
    languages: JSON.stringify(programme.languages),
    url: programme.url ?? null,
    description: programme.description ?? '',
    published: programme.published,
  }
}

/** The file's translations over a kept programme of the same catalogue whose English text is the file's. */
async function refreshTranslations(trx: Transaction<Database>, catalogue: string, programme: CatalogueFile['programmes'][number]): Promise<void> {
  const translations = JSON.stringify(programme.translations ?? {})
  await trx
    .updateTable('programmes')
    .set({ translations })
    .where('code', '=', programme.code)
    .where('catalogue', '=', catalogue)
    .where('title', '=', programme.title)
    .where('description', '=', programme.description ?? '')
    .where(sql<boolean>`translations is distinct from ${translations}::jsonb`)
    .execute()
}

async function insertProgramme(
  trx: Transaction<Database>,
  catalogue: string,
  programme: CatalogueFile['programmes'][number],
  codes: ReadonlyMap<string, number>,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('programmes')
    .values({ code: programme.code, ...programmeColumns(programme), translations: JSON.stringify(programme.translations ?? {}), catalogue })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted === undefined) return false
  await trx
    .insertInto('programme_competencies')
    .values(
      programme.competencies.map((link) => ({
        programme_id: inserted.id,
        competency_id: codes.get(link.code)!,
        from_level: link.fromLevel,
        to_level: link.toLevel,
      })),
    )
    .execute()
  return true
}
