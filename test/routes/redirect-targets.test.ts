import t from 'tap'
import { browserGet, browserPost, DEMO_PASSWORD, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

// `next` values that are not a plain path on this site: each must send the browser home, never elsewhere and never a 500.
const REFUSED = [
  '/文档', // not Latin-1: a Location header cannot carry it
  '/café', // Latin-1 but not ASCII
  '//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  'javascript:alert(1)',
  'https://evil.example/',
  '/ok\r\nSet-Cookie: x=1',
  '/ok\nx',
  '/ok\tx',
  '/with space',
  `/${'a'.repeat(500)}`,
  '',
  'relative',
]
const KEPT = ['/', '/plan', '/framework?q=a%20b&lang=fr#c-1', '/people/3/ratings', "/hr?by=domain&basis=validated"]

t.test('next is followed only when it is a safe path on this site', async (t) => {
  const { app } = await startTestApp(t)
  const lecturer = await signIn(app, 'lecturer@demo.test')

  for (const next of [...REFUSED, ...KEPT]) {
    const expected = KEPT.includes(next) ? next : '/'
    // The sign-in form keeps no unsafe destination: the person lands on their own area (the designer's is /design).
    const expectedInForm = KEPT.includes(next) ? next : ''
    const label = JSON.stringify(next.slice(0, 40))

    // GET /login when signed in sends the person on at once.
    const query = new URLSearchParams({ next }).toString()
    const get = await app.inject({ method: 'GET', url: `/login?${query}`, cookies: lecturer.cookies })
    t.equal(get.statusCode, 303, `GET /login ${label}`)
    t.equal(get.headers.location, expected, `GET /login ${label} goes to ${expected}`)

    // GET /login when signed out keeps it in the form.
    const form = await app.inject({ method: 'GET', url: `/login?${query}` })
    t.equal(form.statusCode, 200, `the sign-in page with ${label}`)
    t.match(form.body, `name="next" value="${expectedInForm.replaceAll('&', '&amp;')}"`)

    // POST /login after the password.
    const visitor: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, visitor, '/login')
    const post = await browserPost(app, visitor, '/login', { email: 'designer@demo.test', password: DEMO_PASSWORD, next })
    t.equal(post.statusCode, 303, `POST /login ${label}`)
    t.equal(post.headers.location, KEPT.includes(next) ? next : '/design')

    // POST /language.
    const language = await browserPost(app, lecturer, '/language', { lang: 'en', next })
    t.equal(language.statusCode, 303, `POST /language ${label}`)
    t.equal(language.headers.location, expected)
  }

  const raw = await app.inject({ method: 'GET', url: '/login?next=/%E6%96%87%E6%A1%A3', cookies: lecturer.cookies })
  t.same([raw.statusCode, raw.headers.location], [303, '/'], 'a percent-encoded non-Latin-1 path in the query string')
})
