import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { chooseFrameworkUse, frameworkUseProblems, type AssessmentSubject, type FrameworkUse, type FrameworkUseChoice } from '../domain/framework-use.js'
import { appendAudit } from './audit.js'
import { readRoleProfileFiles, shippedFiles } from './data-files.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { Framework, FrameworkService } from './frameworks.js'
import { createDefaultProfiles } from './targets.js'

/** Who asks: a signed-in person of an institution. */
interface Reader {
  readonly id: number
  readonly institutionId: number
}

/**
 * The frameworks an institution uses, and which one a request is about. Every per-framework route
 * asks `choose` with the framework the request named (or none, for the default), so the framework is
 * an explicit argument from the route down, never a property of the signed-in person.
 *
 * ```ts
 * const uses = createFrameworkUseService(db, frameworks)
 * const { use, framework } = await uses.choose(user, { requested: query.framework })
 * await ratings.current(user, use.frameworkId)
 * ```
 */
export function createFrameworkUseService(db: Kysely<Database>, frameworks: FrameworkService) {
  // A node never moves to another framework (a loaded version is immutable), so which framework holds
  // it is kept once read. Only nodes that exist are kept: an id unknown now may be loaded later.
  const frameworkOfNode = new Map<number, number>()

  /** The institution's frameworks in order; with `reader`, each row also carries the reader's role profile code (one round trip for both). */
  async function listWithProfile(institutionId: number, reader?: Reader): Promise<{ uses: FrameworkUse[]; profileCode: string | undefined }> {
    const rows = await db
      .selectFrom('institution_frameworks as uses')
      .innerJoin('frameworks', 'frameworks.id', 'uses.framework_id')
      .innerJoin('institutions', 'institutions.id', 'uses.institution_id')
      .select([
        'uses.framework_id as frameworkId',
        'frameworks.slug',
        'frameworks.version',
        'frameworks.title',
        'frameworks.translations',
        'frameworks.subject',
        'uses.purpose',
        'uses.audience',
        sql<boolean>`institutions.framework_id = uses.framework_id`.as('primary'),
        // The code of the reader's role profile, which audiences name.
        reader === undefined
          ? sql<string | null>`null`.as('profileCode')
          : sql<string | null>`(select rp.code from users u join role_profiles rp on rp.id = u.role_profile_id where u.id = ${reader.id} and u.institution_id = ${reader.institutionId})`.as('profileCode'),
      ])
      .where('uses.institution_id', '=', institutionId)
      .orderBy('uses.position')
      .orderBy('uses.framework_id')
      .execute()
    return { uses: rows.map(({ profileCode: _, ...use }) => use), profileCode: rows[0]?.profileCode ?? undefined }
  }

  async function list(institutionId: number): Promise<FrameworkUse[]> {
    return (await listWithProfile(institutionId)).uses
  }

  return {
    list,

    /**
     * The framework a request is about, with its tree: the one named (404 unless the institution uses
     * it for this subject), else the first meant for the reader's role profile, else the first.
     */
    async choose(reader: Reader, options: { readonly requested?: number | undefined; readonly subject?: AssessmentSubject } = {}): Promise<{ use: FrameworkUse; framework: Framework; uses: FrameworkUse[] }> {
      const subject = options.subject ?? 'person'
      const { uses, profileCode } = await listWithProfile(reader.institutionId, options.requested === undefined ? reader : undefined)
      const use = chooseFrameworkUse(uses, { subject, requested: options.requested, profileCode })
      if (use === undefined) {
        if (options.requested !== undefined) throw NotFoundError.of('frameworkNotInUse', { frameworkId: options.requested })
        throw NotFoundError.of('noFramework', {})
      }
      const framework = await frameworks.get(use.frameworkId)
      if (framework === undefined) throw NotFoundError.of('noFramework', {})
      return { use, framework, uses: uses.filter((candidate) => candidate.subject === subject) }
    },

    /** The loaded framework that holds this node (in use anywhere or not), or undefined; read once per node and process. */
    async frameworkOf(nodeId: number): Promise<Framework | undefined> {
      let frameworkId = frameworkOfNode.get(nodeId)
      if (frameworkId === undefined) {
        frameworkId = (await db.selectFrom('competencies').select('framework_id').where('id', '=', nodeId).executeTakeFirst())?.framework_id
        if (frameworkId === undefined) return undefined
        frameworkOfNode.set(nodeId, frameworkId)
      }
      return frameworks.get(frameworkId)
    },

    /** The framework in use at the reader's institution that holds this node, or undefined. */
    async ofNode(reader: Reader, nodeId: number): Promise<Framework | undefined> {
      const row = await db
        .selectFrom('competencies')
        .innerJoin('institution_frameworks as uses', 'uses.framework_id', 'competencies.framework_id')
        .select('competencies.framework_id')
        .where('competencies.id', '=', nodeId)
        .where('uses.institution_id', '=', reader.institutionId)
        .executeTakeFirst()
      return row === undefined ? undefined : frameworks.get(row.framework_id)
    },

    /**
     * Replaces the institution's frameworks by these, in this order, all or nothing, audited with the
     * list before and after. A framework added for people gets the institution's default role profiles
     * of it (from framework-data, where it ships some), so targets apply at once.
     */
    async set(actor: Reader, institutionId: number, choices: readonly FrameworkUseChoice[]): Promise<FrameworkUse[]> {
      const versions = await db.selectFrom('frameworks').select(['id', 'slug', 'subject']).where('id', 'in', choices.length === 0 ? [0] : choices.map((choice) => choice.frameworkId)).execute()
      const profileFiles = await readRoleProfileFiles(await shippedFiles('role-profiles'))
      await db.transaction().execute(async (trx) => {
        // FOR NO KEY UPDATE: saves under way (their foreign key checks) finish first (services/judgements.ts).
        const institution = await trx.selectFrom('institutions').select(['id', 'framework_id']).where('id', '=', institutionId).forNoKeyUpdate().executeTakeFirst()
        if (institution === undefined) throw NotFoundError.of('notFound', { thing: 'institution', id: institutionId })
        const profileCodes = await trx.selectFrom('role_profiles').select('code').where('institution_id', '=', institutionId).where('framework_id', '=', institution.framework_id).execute()
        const problems = frameworkUseProblems(choices, {
          primaryId: institution.framework_id,
          versions: new Map(versions.map((version) => [version.id, version])),
          profileCodes: new Set(profileCodes.map((row) => row.code)),
        })
        const first = problems[0]
        if (first !== undefined) {
throw new InvalidInputError(first, { frameworks: `${problems.length} problem${problems.length === 1 ? '' : 's'}` })
        }
        const before = await trx.selectFrom('institution_frameworks').select(['framework_id', 'purpose', 'audience']).where('institution_id', '=', institutionId).orderBy('position').execute()
        // Rows of frameworks still in use are updated, not replaced: what hangs on a use (an
        // assessment's panel, who reads its results) stays with it.
        await trx.deleteFrom('institution_frameworks').where('institution_id', '=', institutionId).where('framework_id', 'not in', choices.map((choice) => choice.frameworkId)).execute()
        await trx
          .insertInto('institution_frameworks')
          .values(choices.map((choice, position) => ({ institution_id: institutionId, framework_id: choice.frameworkId, position, purpose: choice.purpose.trim(), audience: JSON.stringify(choice.audience) })))
          .onConflict((conflict) =>
            conflict.columns(['institution_id', 'framework_id']).doUpdateSet((eb) => ({ position: eb.ref('excluded.position'), purpose: eb.ref('excluded.purpose'), audience: eb.ref('excluded.audience') })),
          )
          .execute()
        const added = choices.filter((choice) => !before.some((row) => row.framework_id === choice.frameworkId))
        for (const choice of added) {
          const framework = await frameworks.get(choice.frameworkId)
          const file = profileFiles.find((candidate) => candidate.framework.id === framework?.row.slug)
          if (framework !== undefined && file !== undefined && framework.row.subject === 'person') await createDefaultProfiles(trx, institutionId, framework, file)
        }
        await appendAudit(trx, {
          institutionId,
          actorId: actor.id,
          action: 'institution.frameworks',
          entity: 'institution',
          entityId: institutionId,
          data: { before: before.map((row) => ({ frameworkId: row.framework_id, purpose: row.purpose, audience: row.audience })), after: choices },
        })
      })
      return list(institutionId)
    },
  }
}

export type FrameworkUseService = ReturnType<typeof createFrameworkUseService>
