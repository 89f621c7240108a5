import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database, ReportPersonSumsTable } from '../../server/db/schema.js'
import { personNodeSums, refreshDomainSums, staffWithoutSums, type SumFigure } from '../../server/services/report-sums.js'
import { createTestDatabase } from '../helpers/database.js'

// The stored report sums (migrations/0020_report_sums.ts) must always equal the figures computed
// from scratch, after every kind of change the triggers are meant to hear, and under concurrent
// saves and reports. Each check refreshes as a report does, then compares person by person.

type Row = Pick<ReportPersonSumsTable, 'basis' | 'user_id' | 'node_id' | SumFigure>

const order = (rows: Row[]) => rows.sort((a, b) => a.basis.localeCompare(b.basis) || a.user_id - b.user_id || a.node_id - b.node_id)

async function refresh(db: Kysely<Database>, institutionId: number, frameworkId: number) {
  await db.transaction().execute(async (trx) => {
    await refreshDomainSums(trx, institutionId, frameworkId)
    await refreshDomainSums(trx, institutionId, frameworkId, await staffWithoutSums(trx, institutionId, frameworkId))
  })
}

async function stored(db: Kysely<Database>, institutionId: number, frameworkId: number): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.basis, p.user_id, p.node_id, p.rated_pairs, p.level_sum, p.target_pairs, p.gap_sum, p.below_pairs
    from report_person_sums p join users u on u.id = p.user_id
    where p.framework_id = ${frameworkId} and u.institution_id = ${institutionId} and u.disabled_at is null`.execute(db)
  return order(rows)
}

async function fromScratch(db: Kysely<Database>, institutionId: number, frameworkId: number): Promise<Row[]> {
  const rows: Row[] = []
  for (const basis of ['self', 'validated'] as const) {
    const { rows: sums } = await sql<Omit<Row, 'basis'>>`
      select user_id, node_id, rated_pairs, level_sum, target_pairs, gap_sum, below_pairs
      from (${personNodeSums({ institutionId }, frameworkId, 'domain', basis)}) s`.execute(db)
    rows.push(...sums.map((row) => ({ basis, ...row })))
  }
  return order(rows)
}

t.test('the stored sums equal the figures from scratch after every kind of change', async (t) => {
  const { db, close } = await createTestDatabase()
  t.teardown(close)
  const institution = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const hew = institution.framework_id
  const ictCft = (await db.selectFrom('frameworks').select('id').where('slug', '=', 'unesco-ict-cft').executeTakeFirstOrThrow()).id
  const staff = await db.selectFrom('users').select(['id', 'role_profile_id']).where('institution_id', '=', institution.id).where('role_profile_id', 'is not', null).orderBy('id').execute()
  const [a, b, c] = staff as [(typeof staff)[number], (typeof staff)[number], (typeof staff)[number]]
  const competency = async (frameworkId: number, index: number) =>
    (await db.selectFrom('competencies').select(['id', 'parent_id']).where('framework_id', '=', frameworkId).where('kind', '=', 'competency').orderBy('id').offset(index).limit(1).executeTakeFirstOrThrow())

  let checks = 0
  const check = async (what: string) => {
    for (const frameworkId of [hew, ictCft]) {
      await refresh(db, institution.id, frameworkId)
      const [have, want] = [await stored(db, institution.id, frameworkId), await fromScratch(db, institution.id, frameworkId)]
      t.ok(want.length > 0, `${what}: there are figures (framework ${frameworkId})`)
      t.same(have, want, `${what}: stored = from scratch (framework ${frameworkId})`)
      checks++
    }
  }

  await check('as migrated and seeded')
  t.equal(Number((await sql<{ n: string }>`select count(*) as n from report_sums_stale s join users u on u.id = s.user_id where u.institution_id = ${institution.id} and s.framework_id in (${hew}, ${ictCft})`.execute(db)).rows[0]!.n), 0, 'a report claims every mark')

  const first = await competency(hew, 0)
  const rated = await db.selectFrom('current_ratings').select(['user_id', 'competency_id', 'rating_id']).where('institution_id', '=', institution.id).where('competency_id', '=', first.id).executeTakeFirstOrThrow()
  await db.updateTable('current_ratings').set({ level: sql`case when level = 1 then 4 else 1 end` }).where('user_id', '=', rated.user_id).where('competency_id', '=', rated.competency_id).execute()
  await check('a current rating changes level')
  await db.updateTable('current_ratings').set({ evidence: 'only evidence' }).where('user_id', '=', rated.user_id).where('competency_id', '=', rated.competency_id).execute()
  t.equal(Number((await sql<{ n: string }>`select count(*) as n from report_sums_stale where user_id = ${rated.user_id} and framework_id = ${hew}`.execute(db)).rows[0]!.n), 0, 'evidence alone marks nothing')
  await db.deleteFrom('current_ratings').where('user_id', '=', rated.user_id).where('competency_id', '=', rated.competency_id).execute()
  await check('a current rating goes')
  await db.insertInto('current_ratings').values({ institution_id: institution.id, user_id: rated.user_id, competency_id: rated.competency_id, level: 3, rating_id: rated.rating_id, updated_at: new Date() }).execute()
  await check('a current rating comes')

  const reviewer = await db.selectFrom('users').select('id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
  await db
    .insertInto('current_validations')
    .values({ institution_id: institution.id, user_id: rated.user_id, competency_id: rated.competency_id, level: 2, rating_id: rated.rating_id, self_rating_id: rated.rating_id, reviewer_id: reviewer.id, updated_at: new Date() })
    .execute()
  await check('a validation comes')
  await db.updateTable('current_validations').set({ level: 4 }).where('user_id', '=', rated.user_id).where('competency_id', '=', rated.competency_id).execute()
  await check('a validation changes level')
  await db.deleteFrom('current_validations').where('user_id', '=', rated.user_id).where('competency_id', '=', rated.competency_id).execute()
  await check('a validation goes')

  const second = await competency(hew, 1)
  await db.insertInto('personal_targets').values({ user_id: a.id, competency_id: second.id, level: 4 }).onConflict((oc) => oc.columns(['user_id', 'competency_id']).doUpdateSet({ level: 4 })).execute()
  await check('a personal target is set')
  await db.updateTable('personal_targets').set({ level: 1 }).where('user_id', '=', a.id).where('competency_id', '=', second.id).execute()
  await check('a personal target changes')
  await db.deleteFrom('personal_targets').where('user_id', '=', a.id).execute()
  await check('personal targets go')

  await db.updateTable('role_profile_targets').set({ level: sql`case when level = 1 then 3 else 1 end` }).where('role_profile_id', '=', a.role_profile_id!).execute()
  await check("a profile's targets change")
  const ictTeacher = await db.selectFrom('role_profiles').select('id').where('framework_id', '=', ictCft).where('institution_id', '=', institution.id).where('code', '=', 'teacher').executeTakeFirstOrThrow()
  const ictTargets = await db.selectFrom('role_profile_targets').selectAll().where('role_profile_id', '=', ictTeacher.id).execute()
  await db.deleteFrom('role_profile_targets').where('role_profile_id', '=', ictTeacher.id).execute()
  await check("the ICT-CFT teacher profile's targets go")
  if (ictTargets.length > 0) await db.insertInto('role_profile_targets').values(ictTargets).execute()
  await check("and come back")

  const otherProfile = staff.find((person) => person.role_profile_id !== a.role_profile_id)!.role_profile_id!
  await db.updateTable('users').set({ role_profile_id: otherProfile }).where('id', '=', b.id).execute()
  await check('a person is given another profile')
  await db.updateTable('users').set({ role_profile_id: null }).where('id', '=', c.id).execute()
  await check('a person is left without a profile')
  await db.updateTable('role_profiles').set({ code: 'recoded' }).where('id', '=', ictTeacher.id).execute()
  await check("the ICT-CFT teacher profile's code changes")
  await db.updateTable('role_profiles').set({ code: 'teacher' }).where('id', '=', ictTeacher.id).execute()
  await check('and changes back')

  const department = await db.selectFrom('departments').select('id').where('institution_id', '=', institution.id).executeTakeFirstOrThrow()
  await db
    .insertInto('users')
    .values({ institution_id: institution.id, email: 'sums-newcomer@demo.test', name: 'Newcomer', role: 'lecturer', department_id: department.id, role_profile_id: a.role_profile_id, password_hash: 'x' })
    .execute()
  await check('a person joins')
  await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', a.id).execute()
  await check('a person is disabled')
  await db.updateTable('users').set({ disabled_at: null }).where('id', '=', a.id).execute()
  await check('and enabled again')

  const moved = await competency(hew, 2)
  const otherDomain = await db.selectFrom('competencies').select('id').where('framework_id', '=', hew).where('kind', '=', 'domain').where('id', '<>', moved.parent_id!).executeTakeFirstOrThrow()
  await db.updateTable('competencies').set({ parent_id: otherDomain.id }).where('id', '=', moved.id).execute()
  await check('a competency moves to another domain')

  t.equal(checks, 2 * 21, 'every check ran')
})

t.test('a report racing a save sees it, or leaves its mark for the next report', async (t) => {
  const { db, kind, close } = await createTestDatabase()
  t.teardown(close)
  const institution = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const frameworkId = institution.framework_id
  const [first, second] = await db.selectFrom('current_ratings').select(['user_id', 'competency_id', 'level']).where('institution_id', '=', institution.id).orderBy('user_id').orderBy('competency_id').limit(2).execute()
  await refresh(db, institution.id, frameworkId)
  const setLevel = (trx: Kysely<Database>, row: typeof first, level: number) =>
    trx.updateTable('current_ratings').set({ level }).where('user_id', '=', row!.user_id).where('competency_id', '=', row!.competency_id).execute()

  /** Runs `change` in a transaction held open until `report` is under way (waiting on its lock, on a server). */
  async function racing(change: (trx: Kysely<Database>) => Promise<unknown>, report: () => Promise<void>, reportWaits: boolean) {
    let release!: () => void
    let changed!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const made = new Promise<void>((resolve) => (changed = resolve))
    const saving = db.transaction().execute(async (trx) => {
      await change(trx)
      changed()
      await released
    })
    await made
    const reporting = report()
    // On a PostgreSQL server the report's claim waits for the save's lock on the mark: see it wait.
    // (The embedded database serves one transaction at a time: the report runs after the save.)
    if (kind === 'server' && reportWaits) {
      let waiting = 0
      for (let tries = 0; tries < 5000 && waiting === 0; tries++) {
        waiting = Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n)
      }
      t.equal(waiting, 1, 'the report waits for the save')
    } else if (kind === 'server') {
      await reporting
    }
    release()
    await Promise.all([saving, reporting])
  }

  // A mark already there: the save locks it, the report waits, then recomputes seeing the save.
  await setLevel(db, first, first!.level === 4 ? 1 : 4)
  await racing((trx) => setLevel(trx, first, 2), () => refresh(db, institution.id, frameworkId), true)
  t.same(await stored(db, institution.id, frameworkId), await fromScratch(db, institution.id, frameworkId), 'the report that waited saw the save')

  // No mark yet: on a server the report finishes first without the save, whose mark is there for the next.
  await racing((trx) => setLevel(trx, second, second!.level === 3 ? 1 : 3), () => refresh(db, institution.id, frameworkId), false)
  const marks = await db.selectFrom('report_sums_stale').select('user_id').where('framework_id', '=', frameworkId).where('user_id', '=', second!.user_id).execute()
  t.equal(marks.length, kind === 'server' ? 1 : 0, kind === 'server' ? 'the save left its mark' : 'the report ran after the save and claimed its mark')
  await refresh(db, institution.id, frameworkId)
  t.same(await stored(db, institution.id, frameworkId), await fromScratch(db, institution.id, frameworkId), 'and the next report sees it')
})

t.test('many saves and reports at once leave the stored sums equal to the figures from scratch', async (t) => {
  const { db, close } = await createTestDatabase()
  t.teardown(close)
  const institution = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const rows = await db.selectFrom('current_ratings').select(['user_id', 'competency_id']).where('institution_id', '=', institution.id).limit(40).execute()
  t.equal(rows.length, 40)
  const saves = rows.map((row, index) => db.updateTable('current_ratings').set({ level: (index % 4) + 1 }).where('user_id', '=', row.user_id).where('competency_id', '=', row.competency_id).execute())
  const reports = Array.from({ length: 10 }, () => refresh(db, institution.id, institution.framework_id))
  await Promise.all([...saves, ...reports])
  await refresh(db, institution.id, institution.framework_id)
  t.same(await stored(db, institution.id, institution.framework_id), await fromScratch(db, institution.id, institution.framework_id))
})
