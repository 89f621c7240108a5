import type { Translations } from '../../server/domain/translations.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import { formatDateTime } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized } from '../localize.js'

export interface ProvisioningToken {
  readonly id: number
  readonly label: string
  readonly createdAt: Date
  readonly lastUsedAt: Date | null
  readonly revokedAt: Date | null
}

export interface ProvisioningGroup {
  readonly id: number
  readonly displayName: string
  readonly members: number
  readonly departmentId: number | null
  readonly roleProfileId: number | null
}

export interface HrProvisioningPageProps {
  /** What to give the directory: <PUBLIC_URL>/scim/v2. */
  readonly baseUrl: string
  readonly tokens: readonly ProvisioningToken[]
  readonly groups: readonly ProvisioningGroup[]
  readonly departments: readonly { readonly id: number; readonly name: string }[]
  readonly roleProfiles: readonly { readonly id: number; readonly name: string; readonly translations?: Translations | undefined }[]
  readonly notice?: string | undefined
  /** A token just made: shown on this answer only, never again. */
  readonly made?: { readonly label: string; readonly token: string } | undefined
  /** The token form refused: what was typed and why. */
  readonly tokenRefused?: { readonly label: string; readonly error: string } | undefined
  /** A group's form refused: which, what was chosen, and why. */
  readonly groupRefused?: { readonly id: number; readonly departmentId: string; readonly roleProfileId: string; readonly error: string } | undefined
}

/** HR's provisioning page: the base URL and tokens for the directory, and where each directory group places people. */
export function hrProvisioningPage(context: ViewContext, props: HrProvisioningPageProps): Html {
  const { m } = context
  const p = m.provisioning
  const when = (date: Date) => formatDateTime(context, date, timeZoneOf(context))
  const body = html`<p class="breadcrumb"><a href="/hr">${m.hr.backToDashboard}</a></p>
<h1>${p.title}</h1>
${props.notice !== undefined && html`<p class="saved" role="status">${props.notice}</p>`}
<p>${p.intro}</p>
<p><label for="scim-base-url">${p.baseUrl}</label></p>
<p class="hint" id="scim-base-url-hint">${p.baseUrlHint}</p>
<p><input id="scim-base-url" readonly value="${props.baseUrl}" aria-describedby="scim-base-url-hint" size="60"></p>
<section aria-labelledby="tokens-title">
  <h2 id="tokens-title">${p.tokensTitle}</h2>
  ${props.made !== undefined && html`<div class="saved" role="status">
    <p>${p.made(props.made.label)}</p>
    <p><label for="scim-token">${p.token}</label></p>
    <p><input id="scim-token" readonly value="${props.made.token}" size="60" autocomplete="off"></p>
  </div>`}
  ${props.tokens.length === 0
    ? html`<p>${p.noTokens}</p>`
    : html`<table>
    <thead><tr><th scope="col">${p.columns.label}</th><th scope="col">${p.columns.created}</th><th scope="col">${p.columns.lastUsed}</th><th scope="col">${p.columns.state}</th><th scope="col"><span class="visually-hidden">${p.revoke}</span></th></tr></thead>
    <tbody>${props.tokens.map((token) => html`<tr id="token-${token.id}">
      <td>${token.label}</td>
      <td class="date">${when(token.createdAt)}</td>
      <td class="date">${token.lastUsedAt === null ? p.never : when(token.lastUsedAt)}</td>
      <td>${token.revokedAt === null ? p.inUse : html`${p.revokedState} (${when(token.revokedAt)})`}</td>
      <td>${token.revokedAt === null && html`<form method="post" action="/hr/provisioning/tokens/${token.id}/revoke">${csrfField(context)}<button type="submit" class="secondary">${p.revoke}</button></form>`}</td>
    </tr>`)}</tbody>
  </table>`}
  ${props.tokenRefused !== undefined && html`<p class="form-error" role="alert" id="token-error">${props.tokenRefused.error}</p>`}
  <form method="post" action="/hr/provisioning/tokens" class="stack narrow">
    ${csrfField(context)}
    <label for="token-label">${p.label}</label>
    <p class="hint" id="token-label-hint">${p.labelHint}</p>
    <input id="token-label" name="label" required maxlength="100" value="${props.tokenRefused?.label ?? ''}" aria-describedby="token-label-hint">
    <button type="submit">${p.create}</button>
  </form>
</section>
<section aria-labelledby="groups-title">
  <h2 id="groups-title">${p.groupsTitle}</h2>
  <p>${p.groupsIntro}</p>
  ${props.groups.length === 0 && html`<p>${p.noGroups}</p>`}
  ${props.groups.map((group) => groupForm(context, props, group))}
</section>`
  return layout(context, { title: p.title, body })
}

function groupForm(context: ViewContext, props: HrProvisioningPageProps, group: ProvisioningGroup): Html {
  const p = context.m.provisioning
  const refused = props.groupRefused?.id === group.id ? props.groupRefused : undefined
  const department = refused?.departmentId ?? (group.departmentId === null ? '' : String(group.departmentId))
  const roleProfile = refused?.roleProfileId ?? (group.roleProfileId === null ? '' : String(group.roleProfileId))
  return html`<form method="post" action="/hr/provisioning/groups/${group.id}" class="stack narrow" id="group-${group.id}">
  ${csrfField(context)}
  <fieldset>
    <legend>${group.displayName} (${p.members(group.members)})</legend>
    ${refused !== undefined && html`<p class="form-error" role="alert">${refused.error}</p>`}
    <label for="group-${group.id}-department">${p.department}</label>
    <select id="group-${group.id}-department" name="departmentId">
      <option value="">${p.noChoice}</option>
      ${props.departments.map((option) => html`<option value="${option.id}"${department === String(option.id) && html` selected`}>${option.name}</option>`)}
    </select>
    <label for="group-${group.id}-profile">${p.roleProfile}</label>
    <select id="group-${group.id}-profile" name="roleProfileId">
      <option value="">${p.noChoice}</option>
      ${props.roleProfiles.map((option) => html`<option value="${option.id}"${roleProfile === String(option.id) && html` selected`}>${localized(context, option, 'name', option.name)}</option>`)}
    </select>
    <button type="submit">${p.saveMapping}</button>
  </fieldset>
</form>`
}
