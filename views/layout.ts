import type { ViewContext } from './context.js'
import { html, type Html } from './html.js'
import { LANGUAGE_NAMES, LOCALES } from './messages/index.js'

/**
 * The page shell: skip link, navigation, main content. htmx sends the CSRF token in a header on
 * every request, from the body's inherited `hx-headers`; plain forms carry it as a hidden field.
 */
export function layout(context: ViewContext, page: { title: string; body: Html; copyButtons?: boolean }): Html {
  const { m, user } = context
  return html`<!doctype html>
<html lang="${context.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${m.appName}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${context.assets.css}">
<script src="${context.assets.js}" defer></script>
${page.copyButtons === true && html`<script src="${context.assets.copy}" defer></script>`}
</head>
<body hx-headers:inherited='${JSON.stringify({ 'X-CSRF-Token': context.csrfToken })}'>
<a class="skip-link" href="#main">${m.skipToContent}</a>
<header class="site-header">
  <a class="brand" href="/">${m.appName}</a>
  ${user ? signedInMenu(context, user) : languageSwitch(context)}
</header>
<main id="main" tabindex="-1">
${page.body}
</main>
</body>
</html>`
}

/** The hidden CSRF field every plain form carries. */
export function csrfField(context: ViewContext): Html {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`
}

/**
 * One button per language, in a plain form: it works without JavaScript and leads back to this page.
 * Each name is written in its own language (and marked so).
 */
function languageSwitch(context: ViewContext): Html {
  return html`<form class="language-switch" method="post" action="/language" aria-label="${context.m.language.label}">
    ${csrfField(context)}
    <input type="hidden" name="next" value="${context.url}">
    ${LOCALES.map((locale) => html`<button type="submit" name="lang" value="${locale}" lang="${locale}" class="link-button"${locale === context.locale && html` aria-current="true"`}>${LANGUAGE_NAMES[locale]}</button>`)}
  </form>`
}

/**
 * A signed-in person's header: on phones one line, the brand and a Menu button (a checkbox and its
 * label, so it works without JavaScript) that opens navigation, account and language below it.
 */
function signedInMenu(context: ViewContext, user: NonNullable<ViewContext['user']>): Html {
  const { m } = context
  return html`<input type="checkbox" id="menu-toggle" class="menu-toggle" aria-controls="site-menu">
  <label for="menu-toggle" class="menu-button">${m.nav.menu}</label>
  <div class="site-menu" id="site-menu">
  <nav aria-label="Main">
    <ul>
      ${navLink(context, '/', m.nav.home)}
      ${navLink(context, '/framework', m.nav.framework)}
      ${navLink(context, '/plan', m.nav.plan)}
      ${navLink(context, '/programmes', m.nav.programmes)}
      ${navLink(context, '/activities', m.nav.activities)}
      ${navLink(context, '/evidence', m.evidence.nav)}
      ${navLink(context, '/reviews', m.reviews.nav)}
      ${navLink(context, '/credentials', m.credentials.nav)}
      ${user.role === 'hr' && html`${navLink(context, '/hr', m.nav.hr)}${navLink(context, '/hr/staff', m.nav.staff)}${navLink(context, '/hr/rounds', m.rounds.nav)}${navLink(context, '/hr/credentials', m.credentials.hrNav)}${navLink(context, '/assessments', m.assessment.nav)}${navLink(context, '/hr/audit', m.nav.audit)}`}
      ${(user.role === 'designer' || user.role === 'admin') && html`${navLink(context, '/design', m.design.nav)}`}
      ${user.role === 'admin' && html`${navLink(context, '/admin/frameworks', m.admin.frameworksTitle)}${navLink(context, '/admin/institutions', m.admin.institutionsTitle)}${navLink(context, '/admin/operators', m.admin.operatorsTitle)}`}
    </ul>
  </nav>
  <form class="sign-out" method="post" action="/logout">
    ${csrfField(context)}
    <span class="who">${m.nav.signedInAs(user.name, user.institutionName)}</span>
    <a href="/account/password"${context.path === '/account/password' && html` aria-current="page"`}>${m.account.changePassword}</a>
    <button type="submit" class="link-button" title="${m.account.signOutNote}">${m.nav.signOut}</button>
  </form>
  ${languageSwitch(context)}
  </div>`
}

function navLink(context: ViewContext, href: string, label: string): Html {
  const current = sectionOf(context) === href
  return html`<li><a href="${href}"${current && html` aria-current="page"`}>${label}</a></li>`
}

/**
 * The menu entry a page belongs to: the one it is reached from. The department list and a person's
 * ratings are reached from Staff (a reviewer reaches the ratings from their profile); a department's
 * drill-down (/hr/departments/:id), the insights and the settings from Institution; otherwise the
 * longest entry the path starts with.
 */
export function sectionOf(context: Pick<ViewContext, 'path' | 'user'>): string | undefined {
  const { path, user } = context
  const hr = user?.role === 'hr'
  if (/^\/hr\/departments\/\d+$/.test(path)) return '/hr'
  if (/^\/hr\/(staff|departments)(\/|$)/.test(path)) return '/hr/staff'
  if (/^\/people\/[^/]+\/ratings$/.test(path)) return hr ? '/hr/staff' : '/'
  if (/^\/hr\/audit(\/|$)/.test(path)) return '/hr/audit'
  if (/^\/hr\/rounds(\/|$)/.test(path)) return '/hr/rounds'
  if (/^\/hr\/credentials(\/|$)/.test(path)) return '/hr/credentials'
  if (/^\/hr(\/|$)/.test(path)) return '/hr'
  if (path === '/') return '/'
  return NAV_ROOTS.find((root) => path === root || path.startsWith(`${root}/`))
}

const NAV_ROOTS = ['/credentials', '/assessments', '/framework', '/plan', '/programmes', '/activities', '/design', '/admin/frameworks', '/admin/institutions', '/admin/operators']
