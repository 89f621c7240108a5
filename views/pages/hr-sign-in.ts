import type { IdentityProvider } from '../../server/domain/identity-providers.js'
import type { Translations } from '../../server/domain/translations.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized } from '../localize.js'

/** What a provider form holds: as typed, so a refused form comes back as the person left it. */
export interface ProviderFormValues {
  readonly kind: 'oidc' | 'saml'
  readonly name: string
  readonly issuer: string
  readonly clientId: string
  /** SAML: where the IdP's metadata is, or the file pasted, and which IdP of a federation's. */
  readonly metadataUrl: string
  readonly metadataXml: string
  readonly entityId: string
  readonly emailDomains: string
  readonly createUnknown: boolean
  readonly rules: readonly { readonly claim: string; readonly value: string; readonly roleProfileId: string; readonly departmentId: string }[]
}

export interface HrSignInPageProps {
  readonly providers: readonly (IdentityProvider & {
    readonly secret: 'stored' | 'none' | 'unreadable'
    /** What the provider's side is given: the redirect URI (OpenID Connect), or our SAML addresses. */
    readonly redirectUri: string | null
    readonly serviceProvider: { readonly entityId: string; readonly acsUrl: string; readonly metadataUrl: string } | null
    readonly certificateSummaries: readonly { readonly subject: string; readonly notAfter: string }[]
  })[]
  readonly roleProfiles: readonly { readonly id: number; readonly name: string; readonly translations?: Translations | undefined }[]
  readonly departments: readonly { readonly id: number; readonly name: string }[]
  /** Whether the institution's people may sign in with a password. */
  readonly passwordSignIn: boolean
  readonly passwordsError?: string | undefined
  readonly notice?: string | undefined
  /** The form refused: which (a provider's id, or 'new'), what it held, and why. */
  readonly refused?: { readonly form: number | 'new'; readonly values: ProviderFormValues; readonly error: string } | undefined
}

const EMPTY: ProviderFormValues = { kind: 'oidc', name: '', issuer: '', clientId: '', metadataUrl: '', metadataXml: '', entityId: '', emailDomains: '', createUnknown: false, rules: [] }
const EMPTY_SAML: ProviderFormValues = { ...EMPTY, kind: 'saml' }

/** The values a stored provider's form starts with. */
export function valuesOf(provider: IdentityProvider): ProviderFormValues {
  return {
    kind: provider.kind,
    name: provider.name,
    issuer: provider.kind === 'oidc' ? provider.issuer : '',
    clientId: provider.clientId,
    metadataUrl: provider.metadataUrl ?? '',
    metadataXml: '',
    entityId: provider.kind === 'saml' && provider.metadataUrl !== null ? provider.issuer : '',
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
  ${provider.serviceProvider === null
    ? html`<p>${s.redirectUri}: <code>${provider.redirectUri}</code></p>
  <p>${provider.secret === 'stored' ? s.secretStored : provider.secret === 'none' ? s.secretNone : html`<strong>${s.secretUnreadable}</strong>`}</p>`
    : html`<dl class="addresses">
    <dt>${s.spMetadata}</dt><dd><a href="${provider.serviceProvider.metadataUrl}"><code>${provider.serviceProvider.metadataUrl}</code></a></dd>
    <dt>${s.spEntityId}</dt><dd><code>${provider.serviceProvider.entityId}</code></dd>
    <dt>${s.acsUrl}</dt><dd><code>${provider.serviceProvider.acsUrl}</code></dd>
    <dt>${s.idpEntityId}</dt><dd><code>${provider.issuer}</code></dd>
    <dt>${s.idpSso}</dt><dd><code>${provider.ssoUrl ?? ''}</code></dd>
  </dl>
  <ul>${provider.certificateSummaries.map((certificate) => html`<li>${s.certificate(certificate.subject, formatDate(context, new Date(certificate.notAfter)))}</li>`)}</ul>`}
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
  ${newForm(context, props, 'oidc')}
</section>
<section aria-labelledby="add-saml-title">
  <h2 id="add-saml-title">${s.addSamlTitle}</h2>
  <p>${s.samlIntro}</p>
  ${newForm(context, props, 'saml')}
</section>`
  return layout(context, { title: s.title, body })
}

/** The form to add a provider of one kind: as typed, with why, when it was that kind's that was refused. */
function newForm(context: ViewContext, props: HrSignInPageProps, kind: 'oidc' | 'saml'): Html {
  const refused = props.refused?.form === 'new' && props.refused.values.kind === kind ? props.refused : undefined
  const s = context.m.signInSettings
  return providerForm(context, props, { action: '/hr/sign-in', id: kind === 'oidc' ? 'new' : 'new-saml', values: refused?.values ?? (kind === 'oidc' ? EMPTY : EMPTY_SAML), error: refused?.error, submit: kind === 'oidc' ? s.add : s.addSaml, editing: false })
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
  <input type="hidden" name="kind" value="${v.kind}">
  <label for="${field('name')}">${s.name}</label>
  <input id="${field('name')}" name="name" required maxlength="100" value="${v.name}">
  ${v.kind === 'oidc' ? oidcFields(context, form) : samlFields(context, form)}
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

function oidcFields(context: ViewContext, form: { id: string; values: ProviderFormValues; editing: boolean }): Html {
  const s = context.m.signInSettings
  const v = form.values
  const field = (name: string) => `${form.id}-${name}`
  return html`<label for="${field('issuer')}">${s.issuer}</label>
  <p class="hint" id="${field('issuer-hint')}">${s.issuerHint}</p>
  <input id="${field('issuer')}" name="issuer" type="url" required value="${v.issuer}" aria-describedby="${field('issuer-hint')}">
  <label for="${field('client-id')}">${s.clientId}</label>
  <input id="${field('client-id')}" name="clientId" required value="${v.clientId}">
  <label for="${field('client-secret')}">${s.clientSecret}</label>
  ${form.editing && html`<p class="hint" id="${field('secret-hint')}">${s.clientSecretKeep}</p>`}
  <input id="${field('client-secret')}" name="clientSecret" type="password" autocomplete="off" value=""${form.editing && html` aria-describedby="${field('secret-hint')}"`}>`
}

/** A SAML IdP is described by its metadata: an address read at each save, or the file pasted. */
function samlFields(context: ViewContext, form: { id: string; values: ProviderFormValues }): Html {
  const s = context.m.signInSettings
  const v = form.values
  const field = (name: string) => `${form.id}-${name}`
  return html`<label for="${field('metadata-url')}">${s.metadataUrl}</label>
  <p class="hint" id="${field('metadata-url-hint')}">${s.metadataUrlHint}</p>
  <input id="${field('metadata-url')}" name="metadataUrl" type="url" value="${v.metadataUrl}" aria-describedby="${field('metadata-url-hint')}">
  <label for="${field('metadata-xml')}">${s.metadataXml}</label>
  <p class="hint" id="${field('metadata-xml-hint')}">${s.metadataXmlHint}</p>
  <textarea id="${field('metadata-xml')}" name="metadataXml" rows="4" aria-describedby="${field('metadata-xml-hint')}">${v.metadataXml}</textarea>
  <label for="${field('entity-id')}">${s.entityId}</label>
  <p class="hint" id="${field('entity-id-hint')}">${s.entityIdHint}</p>
  <input id="${field('entity-id')}" name="entityId" value="${v.entityId}" aria-describedby="${field('entity-id-hint')}">`
}
