import t from 'tap'
import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema.js'
import { linkHelps } from '../../server/domain/recommendations.js'
import { createUserService } from '../../server/services/users.js'
import { apiToken, startTestApp } from '../helpers/app.js'
import { findSmallDetermined, type Equation } from '../helpers/differencing-auditor.js'

interface CellJson { department: number | null; domain?: number; competencyId?: number; people: number | null; rated: number | null; meanLevel: number | null; meanGap: number | null; suppressed: boolean; gapSuppressed: boolean }

/** A figure an attacker reads: the people it sums over, under the measure it describes. */
class Ledger {
  readonly measures = new Map<string, { people: Set<number>; equations: Equation[] }>()
  add(measure: string, people: ReadonlySet<number>, group: Iterable<number>) {
    const entry = this.measures.get(measure) ?? { people: new Set(people), equations: [] }
    entry.equations.push(new Map([...group].map((person) => [person, 1])))
    this.measures.set(measure, entry)
  }
  /** Every measure in which the figures determine a group of 1 to k-1 of its people. */
  leaks(k: number): string[] {
    const found: string[] = []
    for (const [measure, { people, equations }] of this.measures) {
      const group = findSmallDetermined(equations, people, k)
      if (group !== undefined) found.push(`${measure}: a group of ${group.length} (people ${group.join(', ')})`)
    }
    return found
  }
}

// Beside the demo's departments of about 9, small groups: a department of 3, a role profile of 2,
// a person with neither, new raters this quarter, validated levels in several departments.
async function seedSmallGroups(db: Kysely<Database>, app: Awaited<ReturnType<typeof startTestApp>>['app']) {
  const demo = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const [education, science] = await db.selectFrom('departments').select('id').where('institution_id', '=', demo.id).orderBy('id').limit(2).execute()
  const teacher = await db.selectFrom('role_profiles').select('id').where('institution_id', '=', demo.id).where('framework_id', '=', demo.framework_id).where('code', '=', 'teacher').executeTakeFirstOrThrow()
  const tiny = await db.insertInto('departments').values({ institution_id: demo.id, name: 'Tiny unit' }).returning('id').executeTakeFirstOrThrow()
  const visiting = await db.insertInto('role_profiles').values({ institution_id: demo.id, framework_id: demo.framework_id, code: 'visiting', name: 'Visiting staff' }).returning('id').executeTakeFirstOrThrow()
  const competencies = await db.selectFrom('competencies').select('id').where('framework_id', '=', demo.framework_id).where('kind', '=', 'competency').orderBy('position').execute()
  await db.insertInto('role_profile_targets').values(competencies.slice(0, 6).map((c) => ({ role_profile_id: visiting.id, competency_id: c.id, level: 3 }))).execute()
  const newcomers = [
    { department_id: tiny.id, role_profile_id: teacher.id },
    { department_id: tiny.id, role_profile_id: teacher.id },
    { department_id: tiny.id, role_profile_id: visiting.id },
    { department_id: education!.id, role_profile_id: visiting.id },
    { department_id: null, role_profile_id: null },
  ]
  const users = await db
    .insertInto('users')
    .values(newcomers.map((person, index) => ({ institution_id: demo.id, email: `small${index}@demo.test`, name: `Small ${index}`, role: 'lecturer' as const, ...person })))
    .returning('id')
    .execute()
  // Three of them rate now (this quarter), two competencies each.
  for (const [index, user] of users.slice(0, 3).entries()) {
    for (const competency of competencies.slice(0, 2)) {
      const rating = await db
        .insertInto('ratings')
        .values({ institution_id: demo.id, user_id: user.id, competency_id: competency.id, level: 1 + index, source: 'self', rated_by: user.id })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db.insertInto('current_ratings').values({ institution_id: demo.id, user_id: user.id, competency_id: competency.id, level: 1 + index, rating_id: rating.id, updated_at: new Date() }).execute()
    }
  }
  // Two people who rated before re-rate in a quarter when nobody else rates (two quarters ago).
  const now = new Date()
  const quiet = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - 6, 10))
  const earlier = await db.selectFrom('current_ratings').select(['user_id', 'competency_id', 'level']).where('institution_id', '=', demo.id).where('user_id', 'not in', users.map((user) => user.id)).orderBy('user_id').limit(2).execute()
  for (const held of earlier) {
    await db.insertInto('ratings').values({ institution_id: demo.id, user_id: held.user_id, competency_id: held.competency_id, level: held.level, source: 'self', rated_by: held.user_id, created_at: quiet }).execute()
  }
  // HR validates the first competency's self-ratings of a few people in two departments. Who may open
  // one person's ratings is another matter (test/routes/visibility.test.ts): here HR see them all.
  await db.updateTable('institutions').set({ rating_visibility: 'everything' }).where('id', '=', demo.id).execute()
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const toValidate = await db
    .selectFrom('current_ratings as cr')
    .innerJoin('users as u', 'u.id', 'cr.user_id')
    .select('cr.rating_id')
    .where('cr.institution_id', '=', demo.id)
    .where('cr.competency_id', '=', competencies[0]!.id)
    .where('u.department_id', 'in', [education!.id, science!.id, tiny.id])
    .orderBy('cr.user_id')
    .limit(8)
    .execute()
  for (const { rating_id } of toValidate) {
    const response = await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${rating_id}/validate`, headers: hr, payload: { level: 2 } })
    if (response.statusCode !== 200) throw new Error(`validation answered ${response.statusCode}: ${response.body}`)
  }
  return demo
}

t.test('no combination of the gap reports, participation, distribution and trend reveals a group under K', async (t) => {
  const { app, db } = await startTestApp(t)
  const demo = await seedSmallGroups(db, app)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const hrUser = (await createUserService(db).authenticate('hr@demo.test', 'demo-password'))!
  const k = (await db.selectFrom('institutions').select('min_group_size').where('id', '=', demo.id).executeTakeFirstOrThrow()).min_group_size

  // What the auditor knows of everyone (the attacker does not): department, role profile, levels, targets.
  const staff = await db.selectFrom('users').select(['id', 'department_id', 'role_profile_id']).where('institution_id', '=', demo.id).where('disabled_at', 'is', null).execute()
  const everyone = new Set(staff.map((person) => person.id))
  const departments = (await db.selectFrom('departments').select('id').where('institution_id', '=', demo.id).execute()).map((row) => row.id)
  const profiles = (await db.selectFrom('role_profiles').select('id').where('institution_id', '=', demo.id).where('framework_id', '=', demo.framework_id).execute()).map((row) => row.id)
  // Every framework the institution uses for people (IIOE HEW and ICT-CFT in the demo): the reports of one can be set beside the other's.
  // (The QA self-assessment is about the institution: it has no report of people.)
  const frameworkIds = (
    await db.selectFrom('institution_frameworks').innerJoin('frameworks', 'frameworks.id', 'institution_frameworks.framework_id').select('framework_id').where('institution_id', '=', demo.id).where('frameworks.subject', '=', 'person').orderBy('position').execute()
  ).map((row) => row.framework_id)
  t.ok(frameworkIds.length >= 2, 'the demo institution uses several frameworks')
  const domainOf = new Map((await db.selectFrom('competencies').select(['id', 'parent_id']).where('framework_id', 'in', frameworkIds).where('kind', '=', 'competency').execute()).map((c) => [c.id, c.parent_id!]))
  const frameworkOf = new Map((await db.selectFrom('competencies').select(['id', 'framework_id']).where('framework_id', 'in', frameworkIds).execute()).map((c) => [c.id, c.framework_id]))
  const heldBy = async (table: 'current_ratings' | 'current_validations') => (await db.selectFrom(table).select(['user_id', 'competency_id', 'level']).where('institution_id', '=', demo.id).execute())
  const levels = { self: await heldBy('current_ratings'), validated: await heldBy('current_validations') }
  // A person's targets in each framework: those of their institution's profile there with the code of the one they hold.
  const targets = await db
    .selectFrom('users as u')
    .innerJoin('role_profiles as held', 'held.id', 'u.role_profile_id')
    .innerJoin('role_profiles as here', (join) => join.onRef('here.institution_id', '=', 'u.institution_id').onRef('here.code', '=', 'held.code'))
    .innerJoin('role_profile_targets as rpt', 'rpt.role_profile_id', 'here.id')
    .select(['u.id as user_id', 'rpt.competency_id'])
    .where('u.institution_id', '=', demo.id)
    .union(db.selectFrom('personal_targets as pt').innerJoin('users as u', 'u.id', 'pt.user_id').select(['pt.user_id', 'pt.competency_id']).where('u.institution_id', '=', demo.id))
    .execute()
  // The gap figures describe the people with a target they have rated (in that basis): a target not rated is unknown.
  const ratedTargets = Object.fromEntries(
    (['self', 'validated'] as const).map((basis) => {
      const held = new Set(levels[basis].map((row) => `${row.user_id}:${row.competency_id}`))
      return [basis, targets.filter((row) => held.has(`${row.user_id}:${row.competency_id}`))]
    }),
  ) as Record<'self' | 'validated', typeof targets>
  const peopleAt = (rows: readonly { user_id: number; competency_id: number }[], node: number, by: string) =>
    new Set(rows.filter((row) => (by === 'competency' ? row.competency_id === node : domainOf.get(row.competency_id) === node)).map((row) => row.user_id))

  const ledger = new Ledger()
  let reports = 0
  for (const framework of frameworkIds)
  for (const by of ['department', 'domain', 'competency'])
    for (const department of [undefined, ...departments])
      for (const roleProfile of [undefined, ...profiles])
        for (const basis of ['self', 'validated'] as const) {
          const query = new URLSearchParams({ by, basis, framework: String(framework), ...(department === undefined ? {} : { department: String(department) }), ...(roleProfile === undefined ? {} : { roleProfile: String(roleProfile) }) })
          const response = await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?${query}`, headers: hr })
          if (response.statusCode !== 200) throw new Error(`${query} answered ${response.statusCode}`)
          reports++
          for (const cell of response.json<{ cells: CellJson[] }>().cells) {
            const departmentId = cell.department ?? department
            const group = staff.filter((person) => (departmentId === undefined || person.department_id === departmentId) && (roleProfile === undefined || person.role_profile_id === roleProfile)).map((person) => person.id)
            const level = by === 'competency' ? 'competency' : 'domain'
            const node = cell.competencyId ?? cell.domain!
            if (frameworkOf.get(node) !== framework) throw new Error(`${query}: node ${node} is not of framework ${framework}`)
            if (cell.people !== null) ledger.add('people', everyone, group)
            if (cell.rated !== null || cell.meanLevel !== null) ledger.add(`raters of ${level} ${node} (${basis})`, peopleAt(levels[basis], node, level), group)
            if (cell.meanGap !== null) ledger.add(`people with a rated target in ${level} ${node} (${basis})`, peopleAt(ratedTargets[basis], node, level), group)
          }
        }
  t.equal(reports, frameworkIds.length * 3 * (departments.length + 1) * (profiles.length + 1) * 2, 'every report, filter combination, basis and framework the API serves')

  const { insights } = app.services
  for (const framework of frameworkIds) {
    const raters = new Set(levels.self.filter((rating) => frameworkOf.get(rating.competency_id) === framework).map((rating) => rating.user_id))
    for (const row of await insights.participation(hrUser, framework)) {
      const group = staff.filter((person) => person.department_id === row.departmentId).map((person) => person.id)
      if (row.people !== null) ledger.add('people', everyone, group)
      if (row.rated !== null) ledger.add(`people with any rating in framework ${framework}`, raters, group)
    }
  }
  const leaks = ledger.leaks(k)
  t.same(leaks, [], 'no group of 1 to K-1 people can be worked out from the gap reports and participation')

  // The distribution: people per level of each competency, beside the gap report's raters and mean level of everyone.
  const top = 3
  const byCompetency = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=competency', headers: hr })).json<{ cells: CellJson[] }>().cells
  const distributionLeaks: string[] = []
  for (const row of await insights.distribution(hrUser, demo.framework_id, top)) {
    const held = new Map(levels.self.filter((rating) => rating.competency_id === row.competencyId).map((rating) => [rating.user_id, rating.level]))
    const atLevel = (level: number | undefined) => new Map(staff.filter((person) => held.get(person.id) === level).map((person) => [person.id, 1]))
    const cell = byCompetency.find((candidate) => candidate.competencyId === row.competencyId)
    const baseline: Equation[] = [new Map(staff.map((person) => [person.id, 1]))]
    if (cell?.rated != null) baseline.push(new Map([...held.keys()].map((person) => [person, 1])), new Map([...held].map(([person, level]) => [person, level])))
    const equations = [...baseline, ...(row.notRated === null ? [] : [atLevel(undefined)]), ...row.counts.flatMap((count, level) => (count === null ? [] : [atLevel(level)]))]
    const group = findSmallDetermined(equations, everyone, k, baseline)
    if (group !== undefined) distributionLeaks.push(`competency ${row.competencyId}: ${group.length} people`)
  }
  t.same(distributionLeaks, [], 'no level count is worked out from the others and the mean level')

  // The trend: any two quarters shown differ by the people who rated between them.
  const trend = await insights.trend(hrUser, demo.framework_id, 6, new Date())
  const ratings = await db.selectFrom('ratings as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['r.user_id', 'r.created_at']).where('r.institution_id', '=', demo.id).where('r.source', '=', 'self').where('u.disabled_at', 'is', null).execute()
  const quarterEnd = (label: string) => {
    const [year, quarter] = label.split('-Q').map(Number)
    return new Date(Date.UTC(year!, quarter! * 3, 1))
  }
  const ratersBetween = (from: Date | undefined, to: Date) => new Set(ratings.filter((r) => new Date(r.created_at) < to && (from === undefined || new Date(r.created_at) >= from)).map((r) => r.user_id)).size
  t.equal(trend.by, 'quarter', 'no closed round: by quarter')
  const shown = trend.points.filter((quarter) => !quarter.suppressed).map((quarter) => quarterEnd(quarter.quarter!))
  // The levels held now are published by the gap reports: a point in time after every rating.
  shown.push(new Date(8.64e15))
  const trendLeaks: string[] = []
  for (const [index, end] of shown.entries()) {
    for (const from of [undefined, ...shown.slice(0, index)]) {
      const people = ratersBetween(from, end)
      if (people > 0 && people < k) trendLeaks.push(`${from?.toISOString().slice(0, 10) ?? 'start'} to ${end.toISOString().slice(0, 10)}: ${people} raters`)
    }
  }
  t.ok(trend.points.some((quarter) => quarter.suppressed) && trend.points.some((quarter) => !quarter.suppressed), 'the trend shows some quarters and withholds others')
  t.same(trendLeaks, [], 'no two quarters shown, nor a quarter and now, differ by fewer than K raters')
})

t.test('coverage demand cannot be differenced: demand, uncovered demand and programme demand', async (t) => {
  const { app, db } = await startTestApp(t)
  await seedSmallGroups(db, app)
  const framework = await db.selectFrom('institutions').select('framework_id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const result = await app.services.coverage.of(framework.framework_id, 'code')
  const catalogue = await app.services.programmes.forRecommendations(framework.framework_id)
  // Every person's gaps across the institutions on the framework, from the tables.
  const staff = await db.selectFrom('users as u').innerJoin('institutions as i', 'i.id', 'u.institution_id').select(['u.id', 'u.role_profile_id']).where('i.framework_id', '=', framework.framework_id).where('u.disabled_at', 'is', null).execute()
  const profileTargets = await db.selectFrom('role_profile_targets').selectAll().execute()
  const personal = await db.selectFrom('personal_targets').selectAll().execute()
  const current = new Map((await db.selectFrom('current_ratings').select(['user_id', 'competency_id', 'level']).execute()).map((row) => [`${row.user_id}:${row.competency_id}`, row.level]))
  const gaps: { user: number; competency: number; level: number; target: number }[] = []
  for (const person of staff) {
    const mine = new Map(profileTargets.filter((row) => row.role_profile_id === person.role_profile_id).map((row) => [row.competency_id, row.level]))
    for (const row of personal.filter((row) => row.user_id === person.id)) mine.set(row.competency_id, row.level)
    for (const [competency, target] of mine) {
      const level = current.get(`${person.id}:${competency}`) ?? 0
      if (target > level) gaps.push({ user: person.id, competency, level, target })
    }
  }
  const everyone = new Set(gaps.map((gap) => gap.user))
  const ledger = new Ledger()
  let figures = 0
  for (const competency of result.competencies) {
    const links = catalogue.flatMap((programme) => programme.links.filter((link) => link.competencyId === competency.id))
    const mine = gaps.filter((gap) => gap.competency === competency.id)
    if (competency.demand.count !== null && competency.demand.count > 0) ledger.add('demand', everyone, new Set(mine.map((gap) => gap.user)))
    const uncovered = new Set(mine.filter((gap) => !links.some((link) => linkHelps(link, gap.level, gap.target))).map((gap) => gap.user))
    if (competency.uncoveredDemand.count !== null && competency.uncoveredDemand.count > 0) ledger.add('demand', everyone, uncovered)
    figures += 2
  }
  for (const programme of result.programmes) {
    const source = catalogue.find((candidate) => candidate.id === programme.programmeId)!
    const helped = new Set(gaps.filter((gap) => source.links.some((link) => link.competencyId === gap.competency && linkHelps(link, gap.level, gap.target))).map((gap) => gap.user))
    if (programme.demand.count !== null && programme.demand.count > 0) ledger.add('demand', everyone, helped)
    figures++
  }
  t.ok(figures > 50, 'every demand figure of the page and API is in the ledger')
  const shown = [...result.competencies.flatMap((c) => [c.demand, c.uncoveredDemand]), ...result.programmes.map((p) => p.demand)].filter((count) => !count.suppressed && count.count! > 0)
  t.comment(`demand figures shown: ${shown.length} of ${figures}`)
  t.same(ledger.leaks(result.k), [], 'no group of 1 to K-1 people can be worked out from the demand figures')
  const api = (await app.inject({ method: 'GET', url: '/api/v1/coverage?sort=code', headers: { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` } })).json<{ competencyId: number; demand: number | null; uncoveredDemand: number | null }[]>()
  t.same(
    api.map((row) => [row.competencyId, row.demand, row.uncoveredDemand]),
    result.competencies.map((competency) => [competency.id, competency.demand.count, competency.uncoveredDemand.count]),
    'the API shows the same figures',
  )
})
