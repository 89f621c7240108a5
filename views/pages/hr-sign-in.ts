import type { IdentityProvider } from '../../server/domain/identity-providers.js'
import type { Translations } from '../../server/domain/translations.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized } from '../localize.js'

/** What a provider form holds: as typed, so a refused form comes back as the person left it. */
export interface ProviderFormValues {
  readonly name: string
  readonly issuer: string
  readonly clientId: string
  readonly emailDomains: string
  readonly createUnknown: boolean
  readonly rules: readonly { readonly claim: string; readonly value: string; readonly roleProfileId: string; readonly departmentId: string }[]
}

export interface HrSignInPageProps {
  readonly providers: readonly (IdentityProvider & { readonly secret: 'stored' | 'none' | 'unreadable'; readonly redirectUri: string })[]
  readonly roleProfiles: readonly { readonly id: number; readonly name: string; readonly translations?: Translations | undefined }[]
  readonly departments: readonly { readonly id: number; readonly name: string }[]
  /** Whether the institution's people may sign in with a password. */
  readonly passwordSignIn: boolean
  readonly passwordsError?: string | undefined
  readonly notice?: string | undefined
  /** The form refused: which (a provider's id, or 'new'), what it held, and why. */
  readonly refused?: { readonly form: number | 'new'; readonly values: ProviderFormValues; readonly error: string } | undefined
}

const EMPTY: ProviderFormValues = { name: '', issuer: '', clientId: '', emailDomains: '', createUnknown: false, rules: [] }

/** The values a stored provider's form starts with. */
export function valuesOf(provider: IdentityProvider): ProviderFormValues {
  return {
    name: provider.name,
    issuer: provider.issuer,
    clientId: provider.clientId,
    emailDomains: provider.emailDomains.join(', '),
    createUnknown: provider.createUnknown,
    rules: provider.mappings.map((rule) => ({ claim: rule.claim, value: rule.value, roleProfileId: rule.roleProfileId === null ? '' : String(rule.roleProfileId), departmentId: rule.departmentId === null ? '' : String(rule.departmentId) })),
  }
}

/** HR's sign-in providers: each with what to register at the provider, its form, and one to add. */
export function hrSignInPage(context: ViewContext, props: HrSignInPageProps): Html {
  const { m } = context
  const s = m.signInSettings
  const refusedFor = (form: number | 'new') => (props.refused?.form === form ? props.refused : undefined)
  const body = html`<p class="breadcrumb"><a href="/hr">${m.hr.backToDashboard}</a></p>
<h1>${s.title}</h1>
${props.notice !== undefined && html`<p class="saved" role="status">${props.notice}</p>`}
<p>${s.intro}</p>
<p class="hint">${s.whoSees}</p>
${props.providers.length === 0 && html`<p>${s.none}</p>`}
${props.providers.map((provider) => {
  const refused = refusedFor(provider.id)
  return html`<section aria-labelledby="provider-${provider.id}">
  <h2 id="provider-${provider.id}">${provider.name}</h2>
  <p>${s.redirectUri}: <code>${provider.redirectUri}</code></p>
  <p>${provider.secret === 'stored' ? s.secretStored : provider.secret === 'none' ? s.secretNone : html`<strong>${s.secretUnreadable}</strong>`}</p>
  ${providerForm(context, props, { action: `/hr/sign-in/${provider.id}`, id: `p${provider.id}`, values: refused?.values ?? valuesOf(provider), error: refused?.error, submit: s.save, editing: true })}
  <form method="post" action="/hr/sign-in/${provider.id}/remove">
    ${csrfField(context)}
    <p class="hint">${s.removeHint}</p>
    <button type="submit" class="secondary">${s.remove}</button>
  </form>
</section>`
})}
<section aria-labelledby="passwords-title">
  <h2 id="passwords-title">${s.passwordsTitle}</h2>
  ${props.passwordsError !== undefined && html`<p class="form-error" role="alert">${props.passwordsError}</p>`}
  <form method="post" action="/hr/sign-in/passwords">
    ${csrfField(context)}
    <fieldset>
      <legend>${s.passwordsTitle}</legend>
      <p class="hint">${s.passwordsHint}</p>
      <label class="level-choice"><input type="radio" name="passwords" value="allowed"${props.passwordSignIn && html` checked`}> <span>${s.passwordsAllowed}</span></label>
      <label class="level-choice"><input type="radio" name="passwords" value="off"${!props.passwordSignIn && html` checked`}> <span>${s.passwordsOff}</span></label>
    </fieldset>
    <p><button type="submit">${s.passwordsSave}</button></p>
  </form>
</section>
<section aria-labelledby="add-title">
  <h2 id="add-title">${s.addTitle}</h2>
  ${providerForm(context, props, { action: '/hr/sign-in', id: 'new', values: refusedFor('new')?.values ?? EMPTY, error: refusedFor('new')?.error, submit: s.add, editing: false })}
</section>`
  return layout(context, { title: s.title, body })
}

function providerForm(context: ViewContext, props: HrSignInPageProps, form: { action: string; id: string; values: ProviderFormValues; error: string | undefined; submit: string; editing: boolean }): Html {
  const { m } = context
  const s = m.signInSettings
  const v = form.values
  const field = (name: string) => `${form.id}-${name}`
  // The rules kept, and one empty row to add another.
  const rules = [...v.rules, { claim: '', value: '', roleProfileId: '', departmentId: '' }]
  return html`${form.error !== undefined && html`<p class="form-error" role="alert" id="${field('error')}">${form.error}</p>`}
<form method="post" action="${form.action}" class="stack narrow">
  ${csrfField(context)}
  <label for="${field('name')}">${s.name}</label>
  <input id="${field('name')}" name="name" required maxlength="100" value="${v.name}">
  <label for="${field('issuer')}">${s.issuer}</label>
  <p class="hint" id="${field('issuer-hint')}">${s.issuerHint}</p>
  <input id="${field('issuer')}" name="issuer" type="url" required value="${v.issuer}" aria-describedby="${field('issuer-hint')}">
  <label for="${field('client-id')}">${s.clientId}</label>
  <input id="${field('client-id')}" name="clientId" required value="${v.clientId}">
  <label for="${field('client-secret')}">${s.clientSecret}</label>
  ${form.editing && html`<p class="hint" id="${field('secret-hint')}">${s.clientSecretKeep}</p>`}
  <input id="${field('client-secret')}" name="clientSecret" type="password" autocomplete="off" value=""${form.editing && html` aria-describedby="${field('secret-hint')}"`}>
  <label for="${field('domains')}">${s.emailDomains}</label>
  <p class="hint" id="${field('domains-hint')}">${s.emailDomainsHint}</p>
  <input id="${field('domains')}" name="emailDomains" required value="${v.emailDomains}" aria-describedby="${field('domains-hint')}">
  <label class="level-choice"><input type="checkbox" name="createUnknown" value="1"${v.createUnknown && html` checked`}> <span>${s.createUnknown}</span></label>
  <fieldset>
    <legend>${s.mappingsTitle}</legend>
    <p class="hint">${s.mappingsHint}</p>
    ${rules.map((rule, index) => html`<div class="rule">
      <label for="${field(`claim-${index}`)}">${s.claim}</label>
      <input id="${field(`claim-${index}`)}" name="claim-${index}" value="${rule.claim}">
      <label for="${field(`value-${index}`)}">${s.value}</label>
      <input id="${field(`value-${index}`)}" name="value-${index}" value="${rule.value}">
      <label for="${field(`profile-${index}`)}">${s.roleProfile}</label>
      <select id="${field(`profile-${index}`)}" name="roleProfile-${index}">
        <option value="">${s.noChoice}</option>
        ${props.roleProfiles.map((profile) => html`<option value="${profile.id}"${rule.roleProfileId === String(profile.id) && html` selected`}>${localized(context, profile, 'name', profile.name)}</option>`)}
      </select>
      <label for="${field(`department-${index}`)}">${s.department}</label>
      <select id="${field(`department-${index}`)}" name="department-${index}">
        <option value="">${s.noChoice}</option>
        ${props.departments.map((department) => html`<option value="${department.id}"${rule.departmentId === String(department.id) && html` selected`}>${department.name}</option>`)}
      </select>
    </div>`)}
  </fieldset>
  <button type="submit">${form.submit}</button>
</form>`
}
