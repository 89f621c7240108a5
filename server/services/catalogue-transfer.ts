import { csvDocument } from '../domain/csv.js'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { CatalogueFile, CatalogueFileProgramme } from '../domain/catalogue-file.js'
import { CATALOGUE_CSV_COLUMNS, planCatalogueImport, readCatalogueCsv, type CatalogueImportPlan } from '../domain/catalogue-import.js'
import { translationsAfterEdit } from '../domain/programme-translations.js'
import { catalogueImportError, type CatalogueImportError, type ProgrammeField } from '../domain/catalogue-import-errors.js'
import { maxLevel } from '../domain/scale.js'
import { programmeFieldRules } from '../domain/programme.js'
import { auditBy } from './audit.js'
import { EDITED_CATALOGUE } from './catalogue.js'
import { catalogueFileChecker } from './data-files.js'
import { NotFoundError } from './errors.js'
import type { Framework, FrameworkService } from './frameworks.js'
import { programmeColumns } from './programmes.js'
import type { SessionUser } from './users.js'

export interface CatalogueImportOutcome {
  readonly plan: CatalogueImportPlan
  readonly applied: boolean
}

/**
 * The catalogue in and out: as a catalogue file (JSON, the format of framework-data/programmes) or
 * as CSV, one row per programme and competency. An import plans first, then on a real run writes
 * every programme in one transaction, or none when any row is refused; programmes are matched by
 * code, and an updated one has its links into the framework replaced.
 *
 * ```ts
 * const transfer = createCatalogueTransferService(db, frameworks)
 * const { plan, applied } = await transfer.import(designer, framework, csvText, 'csv', { dryRun: true })
 * ```
 */
export function createCatalogueTransferService(db: Kysely<Database>, frameworks: FrameworkService) {
  return {
    /** Every programme with its links into the framework, as a catalogue file. */
    async exportFile(framework: Framework): Promise<CatalogueFile> {
      const [programmes, links] = await Promise.all([
        db.selectFrom('programmes').select(['id', 'code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description', 'published', 'translations']).orderBy('code').execute(),
        db
          .selectFrom('programme_competencies')
          .innerJoin('competencies', 'competencies.id', 'programme_competencies.competency_id')
          .select(['programme_id as programmeId', 'competencies.code', 'from_level as fromLevel', 'to_level as toLevel'])
          .where('competencies.framework_id', '=', framework.row.id)
          .orderBy('competencies.position')
          .execute(),
      ])
      return {
        id: 'catalogue-export',
        title: `Programme catalogue for ${framework.row.title}`,
        sample: false,
        framework: { id: framework.row.slug, version: framework.row.version },
        sources: [{ title: 'Exported from Competency Tracker', note: new Date().toISOString().slice(0, 10) }],
        programmes: programmes.map((programme): CatalogueFileProgramme => ({
          code: programme.code,
          title: programme.title,
          provider: programme.provider,
          mode: programme.mode,
          hours: programme.hours,
          languages: [...programme.languages],
          ...(programme.url === null ? {} : { url: programme.url }),
          description: programme.description,
          published: programme.published,
          ...(Object.keys(programme.translations).length === 0 ? {} : { translations: programme.translations }),
          competencies: links.filter((link) => link.programmeId === programme.id).map(({ code, fromLevel, toLevel }) => ({ code, fromLevel, toLevel })),
        })),
      }
    },

    async exportCsv(framework: Framework): Promise<string> {
      const file = await this.exportFile(framework)
      const rows = file.programmes.flatMap((programme) => {
        const fields = [programme.code, programme.title, programme.provider, programme.mode, programme.hours, programme.languages.join(' '), programme.url ?? '', programme.description ?? '', programme.published ? 'yes' : 'no']
        return programme.competencies.length === 0 ? [[...fields, '', '', '']] : programme.competencies.map((link) => [...fields, link.code, link.fromLevel, link.toLevel])
      })
      return csvDocument([[...CATALOGUE_CSV_COLUMNS], ...rows])
    },

    /** Reads a catalogue whose links are codes of the framework; a dry run says what it would change. */
    async import(user: SessionUser, framework: Framework, text: string, format: 'csv' | 'json', options: { dryRun: boolean }): Promise<CatalogueImportOutcome> {
      let programmes: CatalogueFileProgramme[]
      let where: (programme: CatalogueFileProgramme, index: number) => number
      const readErrors: CatalogueImportError[] = []
      if (format === 'csv') {
        const read = readCatalogueCsv(text)
        programmes = read.programmes
        readErrors.push(...read.errors)
        where = (programme) => read.rows.get(programme.code) ?? 1
      } else {
        const parsed = parseJson(text)
        const check = await catalogueFileChecker()
        const result = parsed.ok ? check(parsed.value, 'catalogue') : undefined
        if (result === undefined || !result.ok) {
          const errors = result === undefined
            ? [catalogueImportError(1, '*', 'jsonInvalid', { reason: parsed.ok ? '' : parsed.reason })]
            : result.errors.map((error) => catalogueImportError(programmeIndex(error.pointer), error.pointer || '/', 'schema', { message: error.message }))
          return { plan: { programmes: [], created: 0, updated: 0, errors }, applied: false }
        }
        programmes = result.value.programmes
        where = (_programme, index) => index + 1
      }
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('programmes').select(['id', 'code', 'title', 'description', 'translations']).execute()
        const plan = planCatalogueImport(
          programmes,
          {
            existingCodes: new Set(existing.map((row) => row.code)),
            competencies: new Map(framework.tree.competencies.map((competency) => [competency.code, competency.id])),
            maxLevel: maxLevel(framework.row.scale),
            invalidFields,
          },
          where,
        )
        const withRead = { ...plan, errors: [...readErrors, ...plan.errors].sort((a, b) => a.row - b.row) }
        if (options.dryRun || withRead.errors.length > 0) return { plan: withRead, applied: false }
        const byCode = new Map(existing.map((row) => [row.code, row]))
        const codes = new Map(framework.tree.competencies.map((competency) => [competency.code, competency.id]))
        for (const programme of programmes) {
          const values = programmeColumns(programme)
          const current = byCode.get(programme.code)
          let id: number
          if (current === undefined) {
            const inserted = await trx.insertInto('programmes').values({ code: programme.code, ...values, translations: JSON.stringify(programme.translations ?? {}), catalogue: EDITED_CATALOGUE }).returning('id').executeTakeFirstOrThrow()
            id = inserted.id
          } else {
            id = current.id
            // A file's own translations replace the stored ones; without any (a CSV), those of a rewritten text go.
            const translations = programme.translations ?? translationsAfterEdit(current.translations, current, values)
            await trx
              .updateTable('programmes')
              .set({ ...values, ...(translations === undefined ? {} : { translations: JSON.stringify(translations) }), updated_at: new Date() })
              .where('id', '=', current.id)
              .execute()
            if (codes.size > 0) await trx.deleteFrom('programme_competencies').where('programme_id', '=', id).where('competency_id', 'in', [...codes.values()]).execute()
          }
          if (programme.competencies.length > 0) {
            await trx.insertInto('programme_competencies').values(programme.competencies.map((link) => ({ programme_id: id, competency_id: codes.get(link.code)!, from_level: link.fromLevel, to_level: link.toLevel }))).execute()
          }
        }
        await auditBy(trx, user, 'catalogue.import', 'catalogue', format, { created: plan.created, updated: plan.updated })
        return { plan: withRead, applied: true }
      })
    },
  }
}

export type CatalogueTransferService = ReturnType<typeof createCatalogueTransferService>

function invalidFields(programme: CatalogueFileProgramme): ProgrammeField[] {
  const values: Record<ProgrammeField, unknown> = { ...programme, url: programme.url ?? null, description: programme.description ?? '' }
  return (Object.keys(programmeFieldRules) as ProgrammeField[]).filter((field) => !programmeFieldRules[field].safeParse(values[field]).success)
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}

/** `/programmes/3/hours` -> 4 (the programme's place, counted from 1); anything else -> 1. */
function programmeIndex(pointer: string): number {
  const match = /^\/programmes\/(\d+)/.exec(pointer)
  return match ? Number(match[1]) + 1 : 1
}
