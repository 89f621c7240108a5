import t from 'tap'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'

interface CellJson { department: number | null; competencyId?: number; people: number | null; meanLevel: number | null; meanGap: number | null; belowTarget: number | null; suppressed: boolean; gapSuppressed: boolean }

// A competency that only a few people aim at (leaders, say) sits in cells of many people: the mean gap
// of such a cell describes only those few, and must be held back like any small group.
t.test('gap figures are withheld where fewer than K people have a target, the rest of the cell shown', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const demo = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', demo.framework_id).where('kind', '=', 'competency').orderBy('position').executeTakeFirstOrThrow()
  const staff = await db.selectFrom('users').select(['id', 'department_id']).where('institution_id', '=', demo.id).where('disabled_at', 'is', null).orderBy('id').execute()
  // Nobody's role profile aims at the competency; then a few people aim at it on their own. Everyone
  // has rated it (a target not rated is unknown, and counts in no gap figure).
  await db.deleteFrom('role_profile_targets').where('competency_id', '=', competency.id).execute()
  const rated = new Set((await db.selectFrom('current_ratings').select('user_id').where('competency_id', '=', competency.id).execute()).map((row) => row.user_id))
  for (const person of staff.filter((member) => !rated.has(member.id))) {
    const rating = await db.insertInto('ratings').values({ institution_id: demo.id, user_id: person.id, competency_id: competency.id, level: 1, evidence_url: null, source: 'self', rated_by: person.id }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('current_ratings').values({ institution_id: demo.id, user_id: person.id, competency_id: competency.id, level: 1, rating_id: rating.id, updated_at: new Date() }).execute()
  }
  const aimAt = async (people: readonly { id: number }[]) => {
    await db.deleteFrom('personal_targets').where('competency_id', '=', competency.id).execute()
    if (people.length > 0) await db.insertInto('personal_targets').values(people.map((person) => ({ user_id: person.id, competency_id: competency.id, level: 3 }))).execute()
  }
  const cellOf = async (query: string) => {
    const body = (await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?${query}`, headers: hr })).json<{ k: number; cells: CellJson[] }>()
    return body.cells.filter((cell) => cell.competencyId === competency.id)
  }

  await aimAt(staff.slice(0, 2))
  const [few] = await cellOf('by=competency')
  t.equal(few!.people, staff.length, 'the cell of everyone is shown')
  t.notOk(few!.suppressed)
  t.same([few!.meanGap, few!.belowTarget, few!.gapSuppressed], [null, null, true], 'but not the gap of the two who aim at it')

  await aimAt(staff.slice(0, 5))
  const [enough] = await cellOf('by=competency')
  t.equal(enough!.gapSuppressed, false, 'five people: K is met')
  t.ok(enough!.meanGap! > 0 && enough!.belowTarget! > 0, 'the gap is shown')

  // The largest department, with four of its people aiming at the competency and six elsewhere: its
  // own cell has enough people, but its gap describes four.
  const byDepartment = new Map<number, { id: number }[]>()
  for (const person of staff) byDepartment.set(person.department_id!, [...(byDepartment.get(person.department_id!) ?? []), person])
  const [first, ...others] = [...byDepartment.entries()].sort((a, b) => b[1].length - a[1].length)
  const [largestId, largest] = first!
  t.ok(largest.length >= 5, 'the department alone is not a small group')
  await aimAt([...largest.slice(0, 4), ...others.flatMap(([, people]) => people).slice(0, 6)])
  const cells = await cellOf(`by=competency&department=${largestId}`)
  t.same(cells.map((cell) => [cell.suppressed, cell.gapSuppressed, cell.meanGap]), [[false, true, null]], 'a department filter: the cell shown, its gap withheld')
  const domain = await db.selectFrom('competencies').select('parent_id').where('id', '=', competency.id).executeTakeFirstOrThrow()
  const session = await signIn(app, 'hr@demo.test')
  const drill = await browserGet(app, session, `/hr/departments/${largestId}?domain=${domain.parent_id}`)
  t.equal(drill.statusCode, 200)
  const row = new RegExp(`<span class="code">${competency.code}</span>[\\s\\S]*?</tr>`).exec(drill.body)?.[0] ?? ''
  t.match(row, new RegExp(`<td>${largest.length}</td><td>\\d+</td><td>[^<]+</td><td>—</td><td>—</td>`), 'the drill-down shows the people, rated and mean level, and withholds the gap and the share below target')
})
