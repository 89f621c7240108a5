import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { linkErrors, type LinkInput } from '../domain/programme-links.js'
import { translationsAfterEdit } from '../domain/programme-translations.js'
import type { ProgrammeFields } from '../domain/programme.js'
import { maxLevel } from '../domain/scale.js'
import { auditBy } from './audit.js'
import { ConflictError, conflictOnUnique, NotFoundError, UnprocessableError } from './errors.js'
import { problem } from '../domain/problems.js'
import type { Framework, FrameworkService } from './frameworks.js'
import { linksOfProgrammes, type ProgrammeLinkView } from './programmes.js'
import type { SessionUser } from './users.js'

export interface CatalogueEntry extends ProgrammeFields {
  readonly id: number
  readonly published: boolean
  readonly catalogue: string
  /** When it last changed (ISO): a save carries it back, so a save over someone else's is refused. */
  readonly updatedAt: string
  /** Its links into the framework asked about. */
  readonly links: readonly ProgrammeLinkView[]
}

export interface CatalogueFilter {
  readonly search?: string | undefined
  readonly status?: 'published' | 'draft' | undefined
}

/** Programmes that catalogue editing creates carry this catalogue name. */
export const EDITED_CATALOGUE = 'edited'

/**
 * The programme catalogue as designers keep it: every programme, published or not, and the writes:
 * create, edit, publish, and the links to competencies. Links are kept per framework: editing the
 * links of one framework leaves a programme's links into others as they are. Every write is one
 * transaction with its audit entry.
 *
 * ```ts
 * const catalogue = createCatalogueService(db, frameworks)
 * const id = await catalogue.create(designer, framework, fields)
 * await catalogue.setLinks(designer, framework, id, [{ competencyId: 12, fromLevel: 1, toLevel: 3 }])
 * ```
 */
export function createCatalogueService(db: Kysely<Database>, frameworks: FrameworkService) {
  async function entries(frameworkId: number, rows: readonly Omit<CatalogueEntry, 'links'>[]): Promise<CatalogueEntry[]> {
    if (rows.length === 0) return []
    const links = await linksOfProgrammes(db, frameworkId, rows.map((row) => row.id), 'position')
    return rows.map((row) => ({ ...row, links: links.filter((link) => link.programmeId === row.id).map(({ programmeId: _, ...link }) => link) }))
  }

  function selectProgrammes() {
    return db
      .selectFrom('programmes')
      .select(['id', 'code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description', 'published', 'catalogue', sql<string>`to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('updatedAt')])
  }

  /** Locks the programme row for the rest of the transaction; 404 when there is none. */
  async function lockProgramme(trx: Transaction<Database>, id: number) {
    const row = await trx
      .selectFrom('programmes')
      .select(['id', 'code', 'title', 'description', 'translations', 'published', sql<string>`to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('updatedAt')])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (row === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id })
    return row
  }

  function checkLinks(framework: Framework, links: readonly LinkInput[]): void {
    const competencies = new Map(framework.tree.competencies.map((competency) => [competency.id, competency.code]))
    const errors = linkErrors(links, { competencies, maxLevel: maxLevel(framework.row.scale) })
    if (errors.length > 0) {
      const reason = errors.length === 1 ? errors[0]!.reason : problem('linksSeveral', { count: errors.length }).reason
      throw new UnprocessableError(
        reason,
        errors.map((error) => ({ field: `competencies.${error.index}.${error.field}`, message: error.message })),
      )
    }
  }

  async function replaceLinks(trx: Transaction<Database>, framework: Framework, id: number, links: readonly LinkInput[]): Promise<void> {
    const ids = framework.tree.competencies.map((competency) => competency.id)
    // A framework may rate nothing (a version that retired every competency): no list to delete from.
    if (ids.length > 0) await trx.deleteFrom('programme_competencies').where('programme_id', '=', id).where('competency_id', 'in', ids).execute()
    if (links.length > 0) {
      await trx
        .insertInto('programme_competencies')
        .values(links.map((link) => ({ programme_id: id, competency_id: link.competencyId, from_level: link.fromLevel, to_level: link.toLevel })))
        .execute()
    }
  }

  const touch = (trx: Transaction<Database>, id: number) => trx.updateTable('programmes').set({ updated_at: sql`now()` }).where('id', '=', id).execute()

  return {
    /** Every programme (published or draft), by code, with its links into the framework. */
    async list(framework: Framework, filter: CatalogueFilter = {}): Promise<CatalogueEntry[]> {
      let query = selectProgrammes().orderBy('code')
      if (filter.status !== undefined) query = query.where('published', '=', filter.status === 'published')
      const search = filter.search?.trim()
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
        query = query.where((eb) => eb.or([eb('code', 'ilike', pattern), eb('title', 'ilike', pattern), eb('provider', 'ilike', pattern)]))
      }
      return entries(framework.row.id, await query.execute())
    },

    /** One programme with its links into the framework. */
    async get(framework: Framework, id: number): Promise<CatalogueEntry> {
      const row = await selectProgrammes().where('id', '=', id).executeTakeFirst()
      if (row === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id })
      return (await entries(framework.row.id, [row]))[0]!
    },

    /** Adds a programme, as a draft unless it is published with links; 409 when the code is taken. */
    async create(user: SessionUser, framework: Framework, fields: ProgrammeFields, options: { links?: readonly LinkInput[]; published?: boolean } = {}): Promise<number> {
      const links = options.links ?? []
      checkLinks(framework, links)
      if (options.published === true && links.length === 0) throw publishWithoutLinks(fields.code)
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('programmes')
          .values({ ...fields, languages: JSON.stringify(fields.languages), translations: JSON.stringify({}), published: options.published ?? false, catalogue: EDITED_CATALOGUE })
          .onConflict((oc) => oc.column('code').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (inserted === undefined) throw ConflictError.of('programmeCodeTaken', { code: fields.code })
        await replaceLinks(trx, framework, inserted.id, links)
        await auditBy(trx, user, 'programme.create', 'programme', inserted.id, { code: fields.code, links: links.length, published: options.published ?? false })
        return inserted.id
      })
    },

    /**
     * Changes a programme's fields. With `expectedUpdatedAt` (the time the designer's form was read),
     * a programme changed since is not overwritten: 409.
     */
    /** Changes the fields and, when `published` is given, publishes or unpublishes too: all in one transaction, or nothing. */
    async update(user: SessionUser, id: number, fields: Partial<ProgrammeFields>, expectedUpdatedAt?: string, published?: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await lockProgramme(trx, id)
        if (expectedUpdatedAt !== undefined && current.updatedAt !== expectedUpdatedAt) {
          throw ConflictError.of('programmeStale', {})
        }
        const values: ReturnType<typeof programmeValues> & { translations?: string } = programmeValues(fields)
        const translations = translationsAfterEdit(current.translations, current, fields)
        if (translations !== undefined) values.translations = JSON.stringify(translations)
        if (Object.keys(values).length > 0) {
          const updated = await trx
            .updateTable('programmes')
            .set({ ...values, updated_at: sql`now()` })
            .where('id', '=', id)
            .where((eb) => eb.not(eb.exists(eb.selectFrom('programmes as other').select('other.id').where('other.code', '=', fields.code ?? '').where('other.id', '!=', id))))
            .executeTakeFirst()
            .catch(conflictOnUnique({ programmes_code_key: () => ConflictError.of('programmeCodeTaken', { code: fields.code ?? '' }) }))
          if (updated.numUpdatedRows === 0n) throw ConflictError.of('programmeCodeTaken', { code: fields.code ?? '' })
        }
        await auditBy(trx, user, 'programme.update', 'programme', id, { fields: Object.keys(fields) })
        if (published !== undefined) await publishIn(trx, user, id, fields.code ?? current.code, published)
      })
    },

    /** Replaces the programme's links into the framework, all at once or not at all. */
    async setLinks(user: SessionUser, framework: Framework, id: number, links: readonly LinkInput[]): Promise<void> {
      checkLinks(framework, links)
      await db.transaction().execute(async (trx) => {
        const current = await lockProgramme(trx, id)
        if (current.published && links.length === 0) throw ConflictError.of('programmePublishedNeedsLinks', { code: current.code })
        await replaceLinks(trx, framework, id, links)
        await touch(trx, id)
        await auditBy(trx, user, 'programme.links', 'programme', id, { links: links.map((link) => [link.competencyId, link.fromLevel, link.toLevel]) })
      })
    },

    /** Adds one link, or changes the levels of the competency's link when there is one already. */
    async putLink(user: SessionUser, framework: Framework, id: number, link: LinkInput): Promise<void> {
      checkLinks(framework, [link])
      await db.transaction().execute(async (trx) => {
        await lockProgramme(trx, id)
        await trx
          .insertInto('programme_competencies')
          .values({ programme_id: id, competency_id: link.competencyId, from_level: link.fromLevel, to_level: link.toLevel })
          .onConflict((oc) => oc.columns(['programme_id', 'competency_id']).doUpdateSet({ from_level: link.fromLevel, to_level: link.toLevel }))
          .execute()
        await touch(trx, id)
        await auditBy(trx, user, 'programme.link', 'programme', id, { competencyId: link.competencyId, fromLevel: link.fromLevel, toLevel: link.toLevel })
      })
    },

    async removeLink(user: SessionUser, id: number, competencyId: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await lockProgramme(trx, id)
        const removed = await trx.deleteFrom('programme_competencies').where('programme_id', '=', id).where('competency_id', '=', competencyId).executeTakeFirst()
        if (removed.numDeletedRows === 0n) throw NotFoundError.of('linkNotFound', { code: current.code, competencyId })
        const left = await trx.selectFrom('programme_competencies').select(sql<number>`count(*)`.as('count')).where('programme_id', '=', id).executeTakeFirstOrThrow()
        if (current.published && Number(left.count) === 0) throw ConflictError.of('programmePublishedLastLink', { code: current.code })
        await touch(trx, id)
        await auditBy(trx, user, 'programme.unlink', 'programme', id, { competencyId })
      })
    },

    /** Publishes (shown to staff and recommended) or unpublishes; publishing needs at least one link. */
    async setPublished(user: SessionUser, id: number, published: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await lockProgramme(trx, id)
        await publishIn(trx, user, id, current.code, published)
      })
    },
  }

  /** Publishes or unpublishes inside the caller's transaction (the programme locked): a programme without links is not published. */
  async function publishIn(trx: Transaction<Database>, user: SessionUser, id: number, code: string, published: boolean): Promise<void> {
    if (published) {
      const links = await trx.selectFrom('programme_competencies').select(sql<number>`count(*)`.as('count')).where('programme_id', '=', id).executeTakeFirstOrThrow()
      if (Number(links.count) === 0) throw publishWithoutLinks(code)
    }
    await trx.updateTable('programmes').set({ published, updated_at: sql`now()` }).where('id', '=', id).execute()
    await auditBy(trx, user, published ? 'programme.publish' : 'programme.unpublish', 'programme', id, { code })
  }
}

export type CatalogueService = ReturnType<typeof createCatalogueService>

function publishWithoutLinks(code: string): ConflictError {
  return ConflictError.of('programmeWithoutLinks', { code })
}

function programmeValues(fields: Partial<ProgrammeFields>) {
  const { languages, ...rest } = fields
  const values: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined))
  if (languages !== undefined) values['languages'] = JSON.stringify(languages)
  return values as Partial<Omit<ProgrammeFields, 'languages'>> & { languages?: string }
}
