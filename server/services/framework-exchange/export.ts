import type { RateableRule } from '../../domain/case-rateable.js'
/** Reading loaded frameworks out: the list of versions, and one version as our own file or as a CASE 1.0 package. */
import type { FrameworkRow } from '../../db/schema.js'
import type { Translations } from '../../domain/translations.js'
import { exportCasePackage } from '../../domain/case-export.js'
import type { CasePackage, ExportedCasePackage } from '../../domain/case-package.js'
import type { FrameworkFile } from '../../domain/framework-file.js'
import { frameworkFileOf } from '../../domain/framework-rebuild.js'
import type { ExchangeContext } from './context.js'

export interface FrameworkSummary {
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly title: string
  readonly translations: Translations
  readonly status: 'provisional' | 'official'
  /** Rateable competencies. */
  readonly competencies: number
  /** The domains that group them and the indicators below them, at every depth. */
  readonly domains: number
  readonly indicators: number
  readonly loadedAt: Date
  /** True for the newest loaded version of its slug. */
  readonly latest: boolean
  /** How many versions of this slug are loaded. */
  readonly versions: number
  /** Institutions rating against this version. */
  readonly institutions: number
  /** Which items of its CASE package people rate, as chosen at import; null: not read from CASE with a choice (the default). */
  readonly rateable: RateableRule | null
}

/** The exchange service's list and exports (see createFrameworkExchangeService). */
export function frameworkExport({ db, requireFramework }: ExchangeContext) {
  return {
    /** Every loaded version, by slug, newest first within a slug. */
    async list(): Promise<FrameworkSummary[]> {
      const rows = await db
        .selectFrom('frameworks')
        .select((eb) => [
          'frameworks.id',
          'frameworks.slug',
          'frameworks.version',
          'frameworks.title',
          'frameworks.translations',
          'frameworks.status',
          'frameworks.loaded_at',
          'frameworks.case_rateable',
          ...(['competency', 'domain', 'indicator'] as const).map((kind) =>
            eb.selectFrom('competencies').select(eb.fn.countAll<number>().as('n')).whereRef('competencies.framework_id', '=', 'frameworks.id').where('competencies.kind', '=', kind).as(`${kind}_count`),
          ),
          eb.selectFrom('institution_frameworks').select(eb.fn.countAll<number>().as('n')).whereRef('institution_frameworks.framework_id', '=', 'frameworks.id').as('institutions'),
        ])
        .orderBy('frameworks.slug')
        .orderBy('frameworks.loaded_at', 'desc')
        .orderBy('frameworks.id', 'desc')
        .execute()
      return rows.map((row, index) => ({
        id: row.id,
        slug: row.slug,
        version: row.version,
        title: row.title,
        translations: row.translations,
        status: row.status,
        competencies: Number(row.competency_count ?? 0),
        domains: Number(row.domain_count ?? 0),
        indicators: Number(row.indicator_count ?? 0),
        loadedAt: new Date(row.loaded_at),
        latest: index === 0 || rows[index - 1]?.slug !== row.slug,
        versions: rows.filter((other) => other.slug === row.slug).length,
        institutions: Number(row.institutions ?? 0),
        rateable: row.case_rateable,
      }))
    },

    /** The loaded version as our own framework file. */
    async file(id: number): Promise<{ row: FrameworkRow; file: FrameworkFile }> {
      const { row, tree } = await requireFramework(id)
      return { row, file: frameworkFileOf(row, tree.roots) }
    },

    /** The loaded version as a CASE 1.0 (or 1.1) package; identifiers and dates are the same at every export. */
    async casePackage(id: number, baseUri: string, caseVersion: '1.0' | '1.1' = '1.0'): Promise<{ row: FrameworkRow; pkg: ExportedCasePackage }> {
      const { row, file } = await this.file(id)
      // When it last changed: as its CASE publisher said (a re-sync compares it), else when it was loaded here.
      const changed = new Date(row.case_last_change ?? row.loaded_at)
      changed.setUTCMilliseconds(0)
      return { row, pkg: exportCasePackage(file, { baseUri, lastChangeDateTime: changed.toISOString().replace('.000Z', 'Z'), caseVersion }) }
    },
  }
}
