import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { CredentialLevelsInput } from '../domain/credentials.js'
import { auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

/** Issued credentials in aggregate: people holding a live one per competency and programme, small counts withheld. */
export interface CredentialSummary {
  readonly minGroupSize: number
  readonly competencies: readonly { readonly competencyId: number; readonly people: number | null }[]
  readonly programmes: readonly { readonly programmeId: number; readonly code: string; readonly title: string; readonly people: number | null }[]
}


/**
 * What HR set and see of credentials: the level from which a validated rating earns one, per
 * competency (else the person's target), and how many people hold one, in aggregate.
 *
 * ```ts
 * await createCredentialSettings(db).setLevels(hr, { levels: [{ competencyId: 12, level: 2 }] }, scaleOf)
 * ```
 */
export function createCredentialSettings(db: Kysely<Database>) {
  return {
    /** The levels the institution chose per competency (absent: the person's target). */
    async levels(actor: SessionUser): Promise<Map<number, number>> {
      const rows = await db.selectFrom('credential_levels').select(['competency_id', 'level']).where('institution_id', '=', actor.institutionId).execute()
      return new Map(rows.map((row) => [row.competency_id, row.level]))
    },

    /**
     * Sets the levels from which a validated rating earns a credential, per competency (null: the
     * person's target). 400 for a competency outside the institution's frameworks or a level off its scale.
     */
    async setLevels(actor: SessionUser, input: CredentialLevelsInput, scales: (competencyId: number) => { code: string; levels: readonly number[] } | undefined): Promise<{ readonly changed: number }> {
      for (const entry of input.levels) {
        const known = scales(entry.competencyId)
        if (known === undefined) throw NotFoundError.of('notFound', { thing: 'competency', id: entry.competencyId })
        if (entry.level !== null && !known.levels.includes(entry.level)) {
          throw InvalidInputError.of('credentialLevelOffScale', { code: known.code, levels: known.levels.join(', ') }, { [`levels.${entry.competencyId}`]: `one of ${known.levels.join(', ')}` })
        }
      }
      return db.transaction().execute(async (trx) => {
        const before = new Map((await trx.selectFrom('credential_levels').select(['competency_id', 'level']).where('institution_id', '=', actor.institutionId).forUpdate().execute()).map((row) => [row.competency_id, row.level]))
        const changes = input.levels.filter((entry) => (before.get(entry.competencyId) ?? null) !== entry.level)
        for (const entry of changes) {
          const level = entry.level
          if (level === null) await trx.deleteFrom('credential_levels').where('institution_id', '=', actor.institutionId).where('competency_id', '=', entry.competencyId).execute()
          else
            await trx
              .insertInto('credential_levels')
              .values({ institution_id: actor.institutionId, competency_id: entry.competencyId, level })
              .onConflict((oc) => oc.columns(['institution_id', 'competency_id']).doUpdateSet({ level }))
              .execute()
        }
        if (changes.length > 0) await auditBy(trx, actor, 'credential.levels', 'institution', actor.institutionId, { levels: changes })
        return { changed: changes.length }
      })
    },

    /** People holding a live credential, per competency and per programme; counts of fewer than K people (but some) withheld. */
    async summary(actor: SessionUser): Promise<CredentialSummary> {
      const [institution, competencies, programmes] = await Promise.all([
        db.selectFrom('institutions').select('min_group_size').where('id', '=', actor.institutionId).executeTakeFirstOrThrow(),
        db
          .selectFrom('credentials')
          .select(['competency_id', (eb) => eb.fn.count<string>('user_id').distinct().as('people')])
          .where('institution_id', '=', actor.institutionId)
          .where('kind', '=', 'competency')
          .where('revoked_at', 'is', null)
          .groupBy('competency_id')
          .execute(),
        db
          .selectFrom('credentials')
          .innerJoin('programmes', 'programmes.id', 'credentials.programme_id')
          .select(['programmes.id', 'programmes.code', 'programmes.title', (eb) => eb.fn.count<string>('credentials.user_id').distinct().as('people')])
          .where('credentials.institution_id', '=', actor.institutionId)
          .where('credentials.kind', '=', 'programme')
          .where('credentials.revoked_at', 'is', null)
          .groupBy(['programmes.id', 'programmes.code', 'programmes.title'])
          .orderBy('programmes.code')
          .execute(),
      ])
      const k = institution.min_group_size
      // Each cell stands alone (no totals, no filters), so withholding the small ones leaves nothing to subtract.
      const shown = (people: string) => (Number(people) < k ? null : Number(people))
      return {
        minGroupSize: k,
        competencies: competencies.map((row) => ({ competencyId: row.competency_id!, people: shown(row.people) })),
        programmes: programmes.map((row) => ({ programmeId: row.id, code: row.code, title: row.title, people: shown(row.people) })),
      }
    },
  }
}

export type CredentialSettings = ReturnType<typeof createCredentialSettings>
