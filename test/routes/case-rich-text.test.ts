import { randomUUID } from 'node:crypto'
import t from 'tap'
import { plainText } from '../../server/domain/plain-text.js'
import { richBlock } from '../../views/rich-text.js'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'
import { casePackage, uuid } from '../helpers/case-packages.js'

/**
 * Statements in markdown and in the HTML subset CASE publishers write render as what they mean,
 * sanitised; titles show their words without markup; nothing a hostile statement holds runs.
 */

const AT = '2026-04-02T08:30:00Z'

const HOSTILE = [
  'Reads <script>alert("s")</script>charts',
  '<img src="https://tracker.invalid/pixel" onerror="alert(1)">Counts',
  '<a href="javascript:alert(1)">Clicks</a> and <a href="https://case.example/more" onclick="alert(1)">reads more</a>',
  '<iframe src="https://case.example/frame"></iframe><style>body{display:none}</style><form action="/x"><input name="a"></form>Safe',
  '<svg onload="alert(1)"><circle r="1"/></svg><p style="color:red" class="x" id="y">Styled</p>',
]

t.test('plainText: the words of a statement without its markup', async (t) => {
  t.equal(plainText('Solve *linear* equations'), 'Solve linear equations')
  t.equal(plainText('H<sub>2</sub>O &amp; salts'), 'H2O & salts')
  t.equal(plainText('<p>Uses <em>digital</em> tools</p>'), 'Uses digital tools')
  t.equal(plainText('1. Plans\n2. Teaches'), '1. Plans 2. Teaches', 'a numbered list keeps its numbers')
  t.equal(plainText('<script>alert(1)</script>Hi'), 'Hi', 'nothing of a script')
  t.equal(plainText('Reads <script>alert(1)</script>charts <style>p{}</style>well'), 'Reads charts well', 'nor of one inside a line')
  t.equal(plainText('  a < b and  c > d  '), 'a < b and c > d', 'text without markup: as it was, trimmed')
})

t.test('richBlock: plain text as always, markup rendered and cut down to the allowlist', async (t) => {
  t.equal(richBlock('Plain & simple', { className: 'statement' }).toString(), '<p class="statement">Plain &amp; simple</p>')
  t.equal(richBlock('Uses *digital* tools', { className: 'statement', lang: 'fr' }).toString(), '<div class="statement rich" lang="fr"><p>Uses <em>digital</em> tools</p>\n</div>')
  t.equal(richBlock('| a | b |\n|---|---|\n| 1 | 2 |').toString(), '<div class="rich"><table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>')
  const rendered = HOSTILE.map((text) => richBlock(text).toString()).join('\n')
  for (const refused of ['<script', 'alert', '<img', 'pixel', 'onerror', 'onclick', 'onload', 'javascript:', '<iframe', '<style', 'display:none', '<form', '<input', '<svg', 'style=', 'class="x"', 'id="y"']) {
    t.notMatch(rendered, refused, `no ${refused}`)
  }
  t.match(rendered, '<a href="https://case.example/more" rel="nofollow noopener noreferrer">reads more</a>', 'a web link stays, nofollow and opener-free')
  t.match(rendered, '<p>Styled</p>')
})

t.test('a CASE package written in markdown and HTML: titles in words, statements rendered, nothing hostile runs', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uri = (identifier: string) => `https://case.example/uri/${identifier}`
  const doc = randomUUID()
  const domain = randomUUID()
  const items = [
    { code: 'RT.1', statement: 'Designs *blended* courses with <strong>peer</strong> feedback', notes: 'See:\n\n- the **rubric**\n- the [guide](https://case.example/guide)' },
    ...HOSTILE.map((statement, index) => ({ code: `RT.${index + 2}`, statement, notes: undefined })),
  ].map((item) => ({ ...item, identifier: randomUUID() }))
  const pkg = {
    CFDocument: { identifier: doc, uri: uri(doc), creator: 'Rich Text Publisher', title: 'Rich text framework', lastChangeDateTime: AT, adoptionStatus: 'Adopted' },
    CFItems: [
      { identifier: domain, uri: uri(domain), fullStatement: 'Teaching with *digital* tools', humanCodingScheme: 'RT', lastChangeDateTime: AT },
      ...items.map((item) => ({ identifier: item.identifier, uri: uri(item.identifier), fullStatement: item.statement, humanCodingScheme: item.code, ...(item.notes === undefined ? {} : { notes: item.notes }), lastChangeDateTime: AT })),
    ],
    CFAssociations: [{ child: domain, parent: doc }, ...items.map((item) => ({ child: item.identifier, parent: domain }))].map(({ child, parent }, index) => ({
      identifier: randomUUID(),
      uri: uri(`a${index}`),
      associationType: 'isChildOf',
      originNodeURI: { title: 'child', identifier: child, uri: uri(child) },
      destinationNodeURI: { title: 'parent', identifier: parent, uri: uri(parent) },
      sequenceNumber: index + 1,
      lastChangeDateTime: AT,
    })),
  }
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
  t.equal(imported.statusCode, 201, imported.body)
  const { id } = imported.json<{ id: number }>()
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: id }] })).statusCode, 200)
  const nodes = new Map((await db.selectFrom('competencies').select(['id', 'code', 'title']).where('framework_id', '=', id).execute()).map((node) => [node.code, node]))
  t.same(
    ['RT', 'RT.1', 'RT.2', 'RT.3', 'RT.4', 'RT.5', 'RT.6'].map((code) => nodes.get(code)?.title),
    ['Teaching with digital tools', 'Designs blended courses with peer feedback', 'Reads charts', 'Counts', 'Clicks and reads more', 'Safe', 'Styled'],
    'titles: the words, without markup',
  )

  const session = await signIn(app, 'lecturer@demo.test')
  const page = (await browserGet(app, session, `/framework/${nodes.get('RT.1')!.id}`)).body
  t.match(page, '<h1><span class="code">RT.1</span> Designs blended courses with peer feedback</h1>')
  t.match(page, '<div class="statement rich"><p>Designs <em>blended</em> courses with <strong>peer</strong> feedback</p>\n</div>', 'the statement once, rendered')
  t.match(page, '<div class="rich"><p>See:</p>\n<ul>\n<li>the <strong>rubric</strong></li>\n<li>the <a href="https://case.example/guide" rel="nofollow noopener noreferrer">guide</a></li>\n</ul>\n</div>', 'the notes, rendered')
  const framework = (await browserGet(app, session, `/framework?framework=${id}`)).body
  const hostilePages = [framework, ...(await Promise.all(['RT.2', 'RT.3', 'RT.4', 'RT.5', 'RT.6'].map(async (code) => (await browserGet(app, session, `/framework/${nodes.get(code)!.id}`)).body)))]
  for (const body of hostilePages) {
    for (const refused of ['alert(', 'onerror', 'onclick', 'onload', 'javascript:', '<iframe', 'tracker.invalid', 'display:none', 'style="color']) t.notMatch(body, refused, `no ${refused}`)
  }
  t.match(hostilePages[3], '<a href="https://case.example/more" rel="nofollow noopener noreferrer">reads more</a>')
})

t.test("an indicator's description and a level's descriptor in markdown render too, sanitised, plain ones as before", async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const level = (score: number, description: string) => ({ identifier: randomUUID(), uri: `https://case.example/l/${randomUUID()}`, quality: `Q${score}`, score, description, lastChangeDateTime: AT })
  const pkg = casePackage(
    [
      { n: 1, parent: 0, code: 'MD' },
      { n: 2, parent: 1, code: 'MD.1', statement: 'Marks work' },
      { n: 3, parent: 2, code: 'MD.1.a', statement: 'Uses a rubric', notes: 'With the **shared** rubric <img src=x onerror="alert(1)">' },
      { n: 4, parent: 2, code: 'MD.1.b', statement: 'Gives feedback', notes: 'Plain & simple' },
    ],
    {
      CFRubrics: [{ identifier: randomUUID(), uri: 'https://case.example/r', lastChangeDateTime: AT, CFRubricCriteria: [
        { identifier: randomUUID(), uri: 'https://case.example/c', lastChangeDateTime: AT, CFItemURI: { title: 'MD.1', identifier: uuid(2), uri: 'https://case.example/i2' }, CFRubricCriterionLevels: [level(1, 'Marks *some* work'), level(2, 'Marks all work <script>alert(2)</script>')] },
      ] }],
    },
  )
  pkg.CFDocument.identifier = randomUUID()
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
  t.equal(imported.statusCode, 201, imported.body)
  const { id } = imported.json<{ id: number }>()
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: id }] })).statusCode, 200)
  const competency = await db.selectFrom('competencies').select('id').where('framework_id', '=', id).where('code', '=', 'MD.1').executeTakeFirstOrThrow()
  const session = await signIn(app, 'lecturer@demo.test')
  const page = (await browserGet(app, session, `/framework/${competency.id}`)).body
  t.match(page, '<dd><div class="rich" lang="fr-ca"><p>Marks <em>some</em> work</p>\n</div></dd>', 'a descriptor in markdown, rendered (in the framework’s language)')
  t.match(page, '<li><span class="code">MD.1.a</span> <span lang="fr-ca">Uses a rubric</span>: <div class="rich" lang="fr-ca"><p>With the <strong>shared</strong> rubric </p>\n</div></li>', 'an indicator’s description in markdown, rendered, the image gone')
  t.match(page, '<li><span class="code">MD.1.b</span> <span lang="fr-ca">Gives feedback</span>: <span lang="fr-ca">Plain &amp; simple</span></li>', 'a plain one as before')
  for (const refused of ['alert(', 'onerror', '<script>', '<img']) t.notMatch(page, refused, `no ${refused}`)
})
