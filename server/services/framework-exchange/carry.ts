/** Carrying an institution from one framework version to the next: role profiles, targets and current ratings, by a code map. */
import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { Scale } from '../../domain/scale.js'
import { isLevelOnScale } from '../../domain/scale.js'
import { NOT_YET } from '../../domain/judgement.js'
import { integerArray } from '../../db/arrays.js'

export interface CarryCounts {
  /** Current ratings carried as new ratings. */
  ratings: number
  /** Current ratings not carried: their competency is retired. */
  retired: number
  /** Current ratings not carried: their level is not on the new scale, or the person already rated the new competency. */
  skipped: number
  roleProfiles: number
  roleProfileTargets: number
  personalTargets: number
  /** The current judgement of each area of a unit or institution assessment, carried as a new judgement. */
  judgements: number
}

export function emptyCounts(): CarryCounts {
  return { ratings: 0, retired: 0, skipped: 0, roleProfiles: 0, roleProfileTargets: 0, personalTargets: 0, judgements: 0 }
}

export function add(total: CarryCounts, part: CarryCounts): void {
  for (const key of Object.keys(total) as (keyof CarryCounts)[]) total[key] += part[key]
}

/**
 * Moves one institution from one version to another inside the caller's transaction, carrying what
 * follows the code map: role profiles (new rows for the new version; people are moved to them when it
 * is the institution's primary framework, whose profiles people hold) and their targets, personal
 * targets, and current ratings (new rows in `ratings` naming their origin). The new version takes the
 * old one's place in the institution's list of frameworks (position, purpose, audience).
 * When two old competencies map to one new one, the later rating and the higher target win. Levels
 * not on the new scale are not carried. Nothing of the old version is changed.
 */
export async function carryInstitution(
  trx: Transaction<Database>,
  options: { institutionId: number; fromId: number; toId: number; scale: Scale; map: Readonly<Record<string, string | null>> },
): Promise<CarryCounts> {
  const { institutionId, fromId, toId, scale, map } = options
  const counts = emptyCounts()
  const [oldNodes, newNodes] = await Promise.all([
    trx.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', fromId).execute(),
    trx.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', toId).execute(),
  ])
  const newIdOf = new Map(newNodes.map((node) => [node.code, node.id]))
  const target = new Map<number, number | null>()
  for (const node of oldNodes) {
    if (!Object.hasOwn(map, node.code)) continue
    const code = map[node.code]
    target.set(node.id, code == null ? null : (newIdOf.get(code) ?? null))
  }
  const oldIds = [...target.keys()]
  const institution = await trx.selectFrom('institutions').select('framework_id').where('id', '=', institutionId).executeTakeFirstOrThrow()
  const primary = institution.framework_id === fromId
  // The primary moves with the institution's row (a trigger puts it in the list's place, 0016); another use moves in the list.
  if (primary) await trx.updateTable('institutions').set({ framework_id: toId }).where('id', '=', institutionId).execute()
  else await trx.updateTable('institution_frameworks').set({ framework_id: toId }).where('institution_id', '=', institutionId).where('framework_id', '=', fromId).execute()
  if (oldIds.length === 0) return counts

  // Role profiles: a profile of the new version per profile of the old one (the same code), people moved to it.
  const profiles = await trx.selectFrom('role_profiles').selectAll().where('institution_id', '=', institutionId).where('framework_id', '=', fromId).orderBy('id').execute()
  for (const profile of profiles) {
    let next = await trx.selectFrom('role_profiles').select('id').where('institution_id', '=', institutionId).where('framework_id', '=', toId).where('code', '=', profile.code).executeTakeFirst()
    if (next === undefined) {
      next = await trx
        .insertInto('role_profiles')
        .values({ institution_id: institutionId, framework_id: toId, code: profile.code, name: profile.name, description: profile.description })
        .returning('id')
        .executeTakeFirstOrThrow()
      counts.roleProfiles++
    }
    const targets = await trx.selectFrom('role_profile_targets').select(['competency_id', 'level']).where('role_profile_id', '=', profile.id).execute()
    const levels = mergeMax(targets, target, scale)
    if (levels.size > 0) {
      const inserted = await trx
        .insertInto('role_profile_targets')
        .values([...levels].map(([competencyId, level]) => ({ role_profile_id: next.id, competency_id: competencyId, level })))
        .onConflict((oc) => oc.columns(['role_profile_id', 'competency_id']).doNothing())
        .returning('competency_id')
        .execute()
      counts.roleProfileTargets += inserted.length
    }
    if (primary) await trx.updateTable('users').set({ role_profile_id: next.id }).where('institution_id', '=', institutionId).where('role_profile_id', '=', profile.id).execute()
  }

  // Personal targets, per person.
  const personal = await trx
    .selectFrom('personal_targets')
    .innerJoin('users', 'users.id', 'personal_targets.user_id')
    .select(['personal_targets.user_id', 'personal_targets.competency_id', 'personal_targets.level'])
    .where('users.institution_id', '=', institutionId)
    .where('personal_targets.competency_id', 'in', oldIds)
    .execute()
  const personalRows: { user_id: number; competency_id: number; level: number }[] = []
  for (const [userId, rows] of groupBy(personal, (row) => row.user_id)) {
    for (const [competencyId, level] of mergeMax(rows, target, scale)) personalRows.push({ user_id: userId, competency_id: competencyId, level })
  }
  for (const chunk of chunks(personalRows, 1000)) {
    const inserted = await trx.insertInto('personal_targets').values(chunk).onConflict((oc) => oc.columns(['user_id', 'competency_id']).doNothing()).returning('user_id').execute()
    counts.personalTargets += inserted.length
  }

  counts.judgements = await carryJudgements(trx, { institutionId, fromId, toId, target, scale })

  // Current ratings: carried as new ratings, the later one winning where codes merge.
  const current = await trx
    .selectFrom('current_ratings')
    .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
    .select([
      'current_ratings.user_id',
      'current_ratings.competency_id',
      'current_ratings.level',
      'current_ratings.rating_id',
      'current_ratings.updated_at',
      'ratings.evidence',
      'ratings.evidence_url',
      'ratings.evidence_files',
      'ratings.source',
      'ratings.rated_by',
      'ratings.created_at',
    ])
    .where('current_ratings.institution_id', '=', institutionId)
    .where('current_ratings.competency_id', 'in', oldIds)
    .orderBy('current_ratings.updated_at', 'desc')
    .orderBy('current_ratings.rating_id', 'desc')
    .execute()
  const already = new Set(
    (
      await trx
        .selectFrom('current_ratings')
        .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
        .select(['current_ratings.user_id', 'current_ratings.competency_id'])
        .where('current_ratings.institution_id', '=', institutionId)
        .where('competencies.framework_id', '=', toId)
        .execute()
    ).map((row) => `${row.user_id}:${row.competency_id}`),
  )
  const chosen: typeof current = []
  for (const rating of current) {
    const competencyId = target.get(rating.competency_id)
    if (competencyId == null) {
      counts.retired++
      continue
    }
    const key = `${rating.user_id}:${competencyId}`
    // A level of the scale, or "not yet" (0, below it): both carry.
    if (already.has(key) || !(rating.level === NOT_YET || isLevelOnScale(scale, rating.level))) {
      counts.skipped++
      continue
    }
    already.add(key)
    chosen.push({ ...rating, competency_id: competencyId })
  }
  for (const chunk of chunks(chosen, 500)) {
    const inserted = await trx
      .insertInto('ratings')
      .values(
        chunk.map((rating) => ({
          institution_id: institutionId,
          user_id: rating.user_id,
          competency_id: rating.competency_id,
          level: rating.level,
          evidence: rating.evidence,
          evidence_url: rating.evidence_url,
          evidence_files: integerArray(rating.evidence_files),
          source: rating.source,
          rated_by: rating.rated_by,
          created_at: rating.created_at,
          carried_from: rating.rating_id,
        })),
      )
      .returning(['id', 'user_id', 'competency_id'])
      .execute()
    const byKey = new Map(chunk.map((rating) => [`${rating.user_id}:${rating.competency_id}`, rating]))
    await trx
      .insertInto('current_ratings')
      .values(
        inserted.map((row) => {
          const rating = byKey.get(`${row.user_id}:${row.competency_id}`)!
          return { institution_id: institutionId, user_id: row.user_id, competency_id: row.competency_id, level: rating.level, evidence: rating.evidence, evidence_url: rating.evidence_url, evidence_files: integerArray(rating.evidence_files), rating_id: Number(row.id), updated_at: rating.updated_at }
        }),
      )
      .execute()
    counts.ratings += inserted.length
  }
  return counts
}

/**
 * A panel's current judgement of each area (per unit, or of the institution) carried to the area the
 * code map names, as a new judgement of the new version with the same level, words, author and date;
 * the later one winning where areas merge. A level off the new scale is not carried (0, not in place
 * yet, always is). The old version's history stays as it was.
 */
async function carryJudgements(
  trx: Transaction<Database>,
  options: { institutionId: number; fromId: number; toId: number; target: ReadonlyMap<number, number | null>; scale: Scale },
): Promise<number> {
  const latest = await trx
    .selectFrom('subject_ratings')
    .selectAll()
    .distinctOn(['unit_id', 'competency_id'])
    .where('institution_id', '=', options.institutionId)
    .where('framework_id', '=', options.fromId)
    .orderBy('unit_id')
    .orderBy('competency_id')
    .orderBy('id', 'desc')
    .execute()
  const carried = new Map<string, (typeof latest)[number]>()
  for (const judgement of latest.sort((a, b) => b.id - a.id)) {
    const competencyId = options.target.get(judgement.competency_id)
    if (competencyId == null || (judgement.level !== 0 && !isLevelOnScale(options.scale, judgement.level))) continue
    const key = `${judgement.unit_id ?? ''}:${competencyId}`
    if (!carried.has(key)) carried.set(key, { ...judgement, competency_id: competencyId })
  }
  const rows = [...carried.values()].sort((a, b) => a.id - b.id)
  for (const chunk of chunks(rows, 500)) {
    await trx
      .insertInto('subject_ratings')
      .values(
        chunk.map(({ id: _, ...judgement }) => ({ ...judgement, framework_id: options.toId })),
      )
      .execute()
  }
  return rows.length
}

/** Levels per new competency id, the higher winning where old competencies merge; retired and off-scale ones left out. */
function mergeMax(rows: readonly { competency_id: number; level: number }[], target: ReadonlyMap<number, number | null>, scale: Scale): Map<number, number> {
  const levels = new Map<number, number>()
  for (const row of rows) {
    const competencyId = target.get(row.competency_id)
    // 0 is a person's "not applicable to my role" (domain/gaps.ts): it carries like a level.
    if (competencyId == null || !(row.level === 0 || isLevelOnScale(scale, row.level))) continue
    levels.set(competencyId, Math.max(levels.get(competencyId) ?? 0, row.level))
  }
  return levels
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const group = groups.get(key(item)) ?? []
    group.push(item)
    groups.set(key(item), group)
  }
  return groups
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size))
  return out
}
