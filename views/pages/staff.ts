import type { Translations } from '../../server/domain/translations.js'
import { grantableRoles, type Role } from '../../server/domain/roles.js'
import type { Department } from '../../server/services/institution.js'
import type { PendingInvitation, StaffMember } from '../../server/services/staff.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { labelled, nextTo } from '../punctuation.js'
import { localized, localizedText } from '../localize.js'
import { pager } from '../partials/pager.js'
import { csrfField, layout } from '../layout.js'


export interface StaffListProps {
  readonly staff: readonly (StaffMember & { readonly roleProfileTranslations?: Translations | undefined })[]
  readonly total: number
  readonly page: number
  readonly pages: number
  readonly departments: readonly Department[]
  readonly departmentId: number | undefined
  readonly search: string
  /** After an import: how many were added and updated. */
  readonly imported?: readonly [number, number] | undefined
  /** After an import with mail: invitations sent and failed. */
  readonly mailed?: readonly [number, number] | undefined
}

/** The staff list with a search and a department filter (a GET form: every view is a link). */
export interface InvitationsPageProps {
  readonly people: readonly (PendingInvitation & { readonly link: string })[]
  readonly days: number
  readonly byMail: boolean
}

/**
 * Every invitation link on one page (after an import, HR hand them all out): each beside its person,
 * with a copy button where JavaScript runs (the link text is there to select where it does not), and
 * the same list as CSV.
 */
export function invitationsPage(context: ViewContext, props: InvitationsPageProps): Html {
  const { m } = context
  const body = html`<h1>${m.staff.invitations}</h1>
<p>${m.staff.invitationsIntro(props.days)}</p>
${props.byMail && html`<p class="muted">${m.staff.invitationsAlsoMailed}</p>`}
${props.people.length === 0
    ? html`<p>${m.staff.invitationsNone}</p>`
    : html`<p><a href="/hr/staff/invitations.csv" download>${m.staff.invitationsCsv}</a></p>
<div class="table-scroll"><table class="invitations">
  <thead><tr><th scope="col">${m.staff.name}</th><th scope="col">${m.staff.email}</th><th scope="col">${m.staff.department}</th><th scope="col">${m.staff.invitationLink}</th></tr></thead>
  <tbody>${props.people.map(
    (person) => html`<tr>
    <th scope="row"><a href="/hr/staff/${person.id}">${person.name}</a></th>
    <td>${person.email}</td>
    <td>${person.department ?? m.staff.noDepartment}</td>
    <td><code class="small">${person.link}</code> <button type="button" class="secondary" hidden data-copy="${person.link}" data-copied="${m.staff.copied}" aria-label="${m.staff.copyLink}: ${person.name}">${m.staff.copyLink}</button></td>
  </tr>`,
  )}</tbody>
</table></div>`}`
  return layout(context, { title: m.staff.invitations, body, copyButtons: props.people.length > 0 })
}

export function staffListPage(context: ViewContext, props: StaffListProps): Html {
  const { m } = context
  const link = (page: number) => {
    const params = new URLSearchParams({ page: String(page) })
    if (props.departmentId !== undefined) params.set('department', String(props.departmentId))
    if (props.search) params.set('q', props.search)
    return `/hr/staff?${params}`
  }
  const body = html`<h1>${m.staff.title}</h1>
<p>${m.staff.intro}</p>
${props.imported && html`<p class="saved" role="status">${props.imported[0] > 0 ? nextTo(m.staff.imported(props.imported[0], props.imported[1]), html`<a href="/hr/staff/invitations">${m.staff.invitations}</a>`) : m.staff.imported(props.imported[0], props.imported[1])}</p>`}
${props.mailed && html`<p class="saved" role="status">${m.staff.importedMailed(props.mailed[0], props.mailed[1])}</p>`}
<p><a class="button" href="/hr/staff/new">${m.staff.add}</a> <a class="button secondary" href="/hr/staff/import">${m.staff.import}</a> <a class="button secondary" href="/hr/staff/invitations">${m.staff.invitations}</a> <a class="button secondary" href="/hr/departments">${m.staff.departments}</a></p>
<form class="filters inline-actions" method="get" action="/hr/staff">
  <label for="staff-q">${m.staff.search}</label>
  <input id="staff-q" name="q" type="text" maxlength="100" value="${props.search}">
  <label for="staff-department">${m.staff.department}</label>
  <select id="staff-department" name="department"><option value="">${m.hr.allDepartments}</option>${props.departments.map(
    (department) => html`<option value="${department.id}"${props.departmentId === department.id && html` selected`}>${department.name}</option>`,
  )}</select>
  <button type="submit">${m.staff.filter}</button>
</form>
<p role="status">${m.staff.count(props.total)}</p>
<div class="table-scroll"><table>
  <thead><tr><th scope="col">${m.staff.name}</th><th scope="col">${m.staff.department}</th><th scope="col">${m.staff.role}</th><th scope="col">${m.staff.roleProfile}</th><th scope="col">${m.staff.reviewer}</th><th scope="col">${m.staff.status}</th></tr></thead>
  <tbody>${props.staff.map(
    (person) => html`<tr>
    <th scope="row"><a href="/hr/staff/${person.id}">${person.name}</a><br><span class="muted small-text">${person.email}</span></th>
    <td>${person.department ?? m.staff.noDepartment}</td>
    <td>${m.staff.roles[person.role]}</td>
    <td>${person.roleProfile === null ? m.staff.noProfile : localized(context, { translations: person.roleProfileTranslations }, 'name', person.roleProfile)}</td>
    <td>${person.reviewer ?? m.staff.noReviewer}</td>
    <td class="staff-status">${person.active ? (person.hasPassword ? m.staff.active : m.staff.invited) : m.staff.disabled}</td>
  </tr>`,
  )}</tbody>
</table></div>
${pager(context, { page: props.page, pages: props.pages, link })}`
  return layout(context, { title: m.staff.title, body })
}

export interface StaffFormProps {
  /** Undefined when adding a person. */
  readonly person: StaffMember | undefined
  readonly values: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
  readonly departments: readonly Department[]
  readonly roleProfiles: readonly { id: number; name: string; translations?: Translations | undefined }[]
  readonly reviewers: readonly { id: number; name: string }[]
  readonly notice: string | undefined
  /** A fresh invitation link to show HR (after adding a person or on request). */
  readonly invitationUrl: string | undefined
  readonly invitationDays: number
  /** Invitations go out by email (a mail transport is configured). */
  readonly invitationsByMail: boolean
}

/** Add or edit one person; plain form, re-rendered with the input kept when refused. */
export function staffFormPage(context: ViewContext, props: StaffFormProps): Html {
  const { m } = context
  const person = props.person
  const value = (name: string, fallback: string) => props.values[name] ?? fallback
  const error = (name: string) => props.errors[name] && html`<p class="field-error" id="sf-${name}-error">${props.errors[name]}</p>`
  const invalid = (name: string) => props.errors[name] && html` aria-invalid="true" aria-describedby="sf-${name}-error"`
  const select = (name: string, current: string, options: readonly { value: string; label: string }[]) =>
    html`<select id="sf-${name}" name="${name}"${invalid(name)}>${options.map((option) => html`<option value="${option.value}"${current === option.value && html` selected`}>${option.label}</option>`)}</select>`
  const title = person === undefined ? m.staff.addTitle : m.staff.edit(person.name)
  const action = person === undefined ? '/hr/staff' : `/hr/staff/${person.id}`
  const body = html`<p class="breadcrumb"><a href="/hr/staff">${m.staff.backToStaff}</a></p>
<h1>${title}</h1>
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
${person !== undefined && html`<p><a href="/people/${person.id}/ratings">${m.review.reviewLink}</a></p>`}
${props.invitationUrl &&
html`<section class="notice" aria-labelledby="invitation-title"><h2 id="invitation-title">${m.staff.invitation}</h2>
<p><code class="small">${props.invitationUrl}</code></p><p class="muted">${m.staff.invitationHint(props.invitationDays)}</p></section>`}
<form method="post" action="${action}" class="stack" novalidate>
  ${csrfField(context)}
  ${Object.keys(props.errors).length > 0 && html`<p class="form-error" role="alert">${m.staff.fixErrors}</p>`}
  ${person === undefined
    ? html`<label for="sf-email">${m.staff.email}</label>${error('email')}<input id="sf-email" name="email" type="email" maxlength="254" required value="${value('email', '')}"${invalid('email')}>`
    : html`<p>${labelled(context, m.staff.email, person.email, { strong: true })}</p>`}
  <label for="sf-name">${m.staff.name}</label>${error('name')}
  <input id="sf-name" name="name" type="text" maxlength="200" required value="${value('name', person?.name ?? '')}"${invalid('name')}>
  <label for="sf-role">${m.staff.role}</label>${error('role')}
  ${select('role', value('role', person?.role ?? 'lecturer'), rolesOffered(context, person).map((role) => ({ value: role, label: m.staff.roles[role]! })))}
  <label for="sf-departmentId">${m.staff.department}</label>${error('departmentId')}
  ${select('departmentId', value('departmentId', String(person?.departmentId ?? '')), [{ value: '', label: m.staff.noDepartment }, ...props.departments.map((d) => ({ value: String(d.id), label: d.name }))])}
  <label for="sf-roleProfileId">${m.staff.roleProfile}</label>${error('roleProfileId')}
  ${select('roleProfileId', value('roleProfileId', String(person?.roleProfileId ?? '')), [{ value: '', label: m.staff.noProfile }, ...props.roleProfiles.map((p) => ({ value: String(p.id), label: localizedText(context, p, 'name', p.name) }))])}
  <label for="sf-reviewerId">${m.staff.reviewer}</label>${error('reviewerId')}
  ${select('reviewerId', value('reviewerId', String(person?.reviewerId ?? '')), [{ value: '', label: m.staff.noReviewer }, ...props.reviewers.filter((r) => r.id !== person?.id).map((r) => ({ value: String(r.id), label: r.name }))])}
  ${person !== undefined &&
  html`${error('active')}<label class="level-choice"><input type="checkbox" name="active" value="1"${value('active', person.active ? '1' : '') === '1' && html` checked`}> <span>${m.staff.activeField}</span></label>
  <input type="hidden" name="activeShown" value="1">`}
  <button type="submit">${m.staff.save}</button>
</form>
${person !== undefined &&
!person.hasPassword &&
person.active &&
html`<form method="post" action="/hr/staff/${person.id}/invitation">${csrfField(context)}<button type="submit" class="secondary">${props.invitationsByMail ? m.staff.newInvitationByMail : m.staff.newInvitation}</button></form>`}`
  return layout(context, { title, body })
}

export interface DepartmentsPageProps {
  readonly departments: readonly Department[]
  readonly archived: readonly { id: number; name: string }[]
  readonly values: Readonly<Record<string, string>>
  readonly error: string | undefined
  readonly notice: string | undefined
}

/** Departments: add one, rename one. */
export function departmentsPage(context: ViewContext, props: DepartmentsPageProps): Html {
  const { m } = context
  const body = html`<p class="breadcrumb"><a href="/hr/staff">${m.staff.backToStaff}</a></p>
<h1>${m.staff.departments}</h1>
<p>${m.staff.departmentsIntro}</p>
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
<div class="table-scroll"><table>
  <thead><tr><th scope="col">${m.staff.departmentName}</th><th scope="col">${m.staff.people}</th><th scope="col"><span class="visually-hidden">${m.staff.archive}</span></th></tr></thead>
  <tbody>${props.departments.map(
    (department) => html`<tr><td><form method="post" action="/hr/departments/${department.id}" class="inline-actions">
      ${csrfField(context)}<label class="visually-hidden" for="dep-${department.id}">${m.staff.departmentName}</label>
      <input id="dep-${department.id}" name="name" type="text" maxlength="200" value="${department.name}"> <button type="submit" class="secondary">${m.staff.rename}</button></form></td>
      <td>${department.people}</td>
      <td>${department.people === 0 && html`<form method="post" action="/hr/departments/${department.id}/archive">${csrfField(context)}<input type="hidden" name="archived" value="1"><button type="submit" class="link-button">${m.staff.archive}</button></form>`}</td></tr>`,
  )}</tbody>
</table></div>
${props.archived.length > 0 &&
html`<h2>${m.staff.archived}</h2><ul>${props.archived.map(
  (department) => html`<li>${department.name} <form method="post" action="/hr/departments/${department.id}/archive" class="inline-form">${csrfField(context)}<input type="hidden" name="archived" value="0"><button type="submit" class="link-button">${m.staff.restore}</button></form></li>`,
)}</ul>`}
<form method="post" action="/hr/departments" class="stack">
  ${csrfField(context)}
  <label for="new-department">${m.staff.departmentName}</label>
  <input id="new-department" name="name" type="text" maxlength="200" required value="${props.values['name'] ?? ''}">
  <button type="submit">${m.staff.addDepartment}</button>
</form>`
  return layout(context, { title: m.staff.departments, body })
}

/**
 * The roles the form offers (domain/roles.ts): those the person signed in may give, and for their own
 * record only the role they have, since nobody changes their own role.
 */
function rolesOffered(context: ViewContext, person: StaffMember | undefined): readonly Role[] {
  if (person !== undefined && person.id === context.user?.id) return [person.role]
  return context.user === null ? [] : grantableRoles(context.user.role)
}
