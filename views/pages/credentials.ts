import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { Completion, CompletionToConfirm } from '../../server/services/completions.js'
import type { CredentialCheck, HeldCredential } from '../../server/services/credentials.js'
import type { ViewContext } from '../context.js'
import { formatDate, formatDay } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { langAttribute } from '../localize.js'
import { labelled } from '../punctuation.js'

export interface CredentialsPageProps {
  readonly held: readonly HeldCredential[]
  readonly completions: readonly Completion[]
  /** Completions waiting for the reader to confirm: HR and programme designers only. */
  readonly toConfirm: readonly CompletionToConfirm[] | undefined
  readonly notice?: string | undefined
  readonly error?: string | undefined
}

/** The holder's credentials with their downloads, their completed programmes, and (HR, designers) completions to confirm. */
export function credentialsPage(context: ViewContext, props: CredentialsPageProps): Html {
  const { m } = context
  const c = m.credentials
  const body = html`<h1>${c.title}</h1>
${props.notice !== undefined && html`<p class="saved" role="status">${props.notice}</p>`}
${props.error !== undefined && html`<p class="form-error" role="alert">${props.error}</p>`}
<p>${c.intro}</p>
<p class="notice">${c.whoSees}</p>
${props.toConfirm !== undefined && confirmSection(context, props.toConfirm)}
<section aria-labelledby="held-title">
  <h2 id="held-title" class="visually-hidden">${c.title}</h2>
  ${props.held.length === 0 ? html`<p>${c.none}</p>` : html`<ul class="programme-list">${props.held.map((held) => heldCredential(context, held))}</ul>`}
</section>
<section aria-labelledby="completions-title">
  <h2 id="completions-title">${c.completionsTitle}</h2>
  <p>${c.completionsIntro}</p>
  ${props.completions.length === 0 ? html`<p>${c.completionsNone}</p>` : completionTable(context, props.completions)}
</section>`
  return layout(context, { title: c.title, body })
}

function heldCredential(context: ViewContext, held: HeldCredential): Html {
  const c = context.m.credentials
  const href = `/credentials/${held.id}`
  return html`<li>
  <p><strong>${held.name}</strong> <span class="tag">${c.kinds[held.kind]}</span></p>
  <p class="hint">${c.issuedOn(formatDate(context, held.issuedAt))}${held.expiresAt !== null && html`, ${c.validUntil(formatDate(context, held.expiresAt))}`}${held.revokedAt !== null && html` · <strong class="field-error">${c.revokedOn(formatDate(context, held.revokedAt))}</strong>`}</p>
  <ul class="inline-actions" aria-label="${c.downloadsFor(held.name)}">
    <li><a href="${href}">${c.publicPage}</a></li>
    <li><a href="${href}/badge.png" download>${c.badge}</a></li>
    <li><a href="${href}.json" download>${c.json}</a></li>
    <li><a href="${href}.jwt" download>${c.jwt}</a></li>
  </ul>
</li>`
}

function completionTable(context: ViewContext, completions: readonly Completion[]): Html {
  const c = context.m.credentials
  return html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${c.programme}</th><th scope="col">${c.completedOn}</th><th scope="col">${c.state}</th></tr></thead>
  <tbody>${completions.map(
    (completion) => html`<tr>
    <td><span class="code">${completion.code}</span> ${completion.title}</td>
    <td>${formatDay(context, completion.completedOn)}</td>
    <td>${
      completion.credentialId !== null
        ? html`<a href="/credentials/${completion.credentialId}">${c.issuedState}</a>`
        : completion.askedAt !== null
          ? c.asked(formatDate(context, completion.askedAt))
          : html`<form method="post" action="/credentials/completions/${completion.activityId}/ask" class="inline-form">${csrfField(context)}<button type="submit" class="secondary">${c.ask}</button></form>`
    }</td>
  </tr>`,
  )}</tbody>
</table></div>`
}

function confirmSection(context: ViewContext, toConfirm: readonly CompletionToConfirm[]): Html {
  const c = context.m.credentials
  return html`<section aria-labelledby="confirm-title">
  <h2 id="confirm-title">${c.confirmTitle}</h2>
  ${
    toConfirm.length === 0
      ? html`<p>${c.confirmNone}</p>`
      : html`<p>${c.confirmIntro}</p><div class="table-scroll"><table>
  <thead><tr><th scope="col">${c.person}</th><th scope="col">${c.programme}</th><th scope="col">${c.completedOn}</th><th scope="col">${c.certificate}</th><th scope="col"><span class="visually-hidden">${c.confirm}</span></th></tr></thead>
  <tbody>${toConfirm.map(
    (completion) => html`<tr>
    <td>${completion.person.name}${completion.person.department !== null && html` <span class="muted">${completion.person.department}</span>`}</td>
    <td><span class="code">${completion.code}</span> ${completion.title}</td>
    <td>${formatDay(context, completion.completedOn)}</td>
    <td>${completion.certificateUrl !== null && isWebUrl(completion.certificateUrl) ? html`<a href="${completion.certificateUrl}" rel="noopener noreferrer nofollow" target="_blank">${c.certificate}</a>` : '—'}</td>
    <td><form method="post" action="/credentials/completions/${completion.activityId}/confirm" class="inline-form">${csrfField(context)}<button type="submit">${c.confirm}</button></form></td>
  </tr>`,
  )}</tbody>
</table></div>`
  }
</section>`
}

/** What the public page shows of a credential besides the checks: from the credential as signed. */
export interface CheckedCredential {
  readonly check: CredentialCheck
  readonly issuerName: string
  readonly jwksUrl: string
  /** The competency and level in the reader's language, where the credential is about one. */
  readonly competency?: { readonly code: string; readonly title: string; readonly levelLabel: string } | undefined
  /** Now, when the check was made. */
  readonly checkedAt: Date
}

/**
 * The public verification page: the verdict in the reader's language, the four checks, and what the
 * credential says (nothing of it when its signature does not hold). No sign-in, nothing else of the person.
 */
export function credentialCheckPage(context: ViewContext, props: CheckedCredential): Html {
  const c = context.m.credentials
  const { check } = props
  const vc = check.credential as
    | undefined
    | { name?: string; credentialSubject?: { identifier?: { identityType?: string; identityHash?: string }[]; achievement?: { name?: string; inLanguage?: string; criteria?: { narrative?: string }; alignment?: { targetUrl?: string; targetCode?: string; targetName?: string }[] } } }
  const holder = vc?.credentialSubject?.identifier?.find((identity) => identity.identityType === 'name')?.identityHash
  const achievement = vc?.credentialSubject?.achievement
  const alignment = achievement?.alignment?.[0]
  // What the credential says is in the holder's language, which may not be the reader's.
  const written = langAttribute(achievement?.inLanguage !== undefined && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(achievement.inLanguage) && achievement.inLanguage !== context.locale ? achievement.inLanguage : undefined)
  const row = (label: string, ok: boolean) => html`<li>${labelled(context, label, ok ? c.passed : c.failed)}</li>`
  const body = html`<h1>${c.checkTitle}</h1>
<div class="verdict verdict-${check.state}" role="status">
  <p><strong>${c.states[check.state]}</strong></p>
  <p>${c.stateExplained[check.state]!(props.issuerName)}</p>
</div>
<p class="hint">${c.checkedNow(formatDate(context, props.checkedAt))}</p>
<h2>${c.checks}</h2>
<ul class="checks">
  ${row(c.checkSignature, check.checks.signature)}
  ${row(c.checkIssuer, check.checks.issuer)}
  ${row(c.checkExpiry, !check.checks.expired)}
  ${row(c.checkRevocation, !check.checks.revoked)}
</ul>
${
  vc !== undefined &&
  html`<h2${written}>${vc.name ?? ''}</h2>
<dl class="facts">
  ${holder !== undefined && html`<dt>${c.holder}</dt><dd>${holder}</dd>`}
  <dt>${c.issuer}</dt><dd>${props.issuerName}</dd>
  ${achievement?.name !== undefined && html`<dt>${c.achievement}</dt><dd${written}>${achievement.name}</dd>`}
  ${props.competency !== undefined && html`<dt>${c.level}</dt><dd>${props.competency.levelLabel}</dd>`}
  ${alignment?.targetUrl !== undefined && isWebUrl(alignment.targetUrl) && html`<dt>${c.alignedTo}</dt><dd><a href="${alignment.targetUrl}">${props.competency === undefined ? `${alignment.targetCode ?? ''} ${alignment.targetName ?? ''}` : `${props.competency.code} ${props.competency.title}`}</a></dd>`}
  <dt>${c.issued}</dt><dd>${formatDate(context, check.issuedAt)}</dd>
  ${check.expiresAt !== null && html`<dt>${c.expires}</dt><dd>${formatDate(context, check.expiresAt)}</dd>`}
  ${check.revokedAt !== null && html`<dt>${c.checkRevocation}</dt><dd>${c.revokedOn(formatDate(context, check.revokedAt))}</dd>`}
</dl>
${achievement?.criteria?.narrative !== undefined && html`<h3>${c.criteria}</h3><p${written}>${achievement.criteria.narrative}</p>`}
${check.state === 'valid' && html`<p><img src="/credentials/${check.id}/badge.png" alt="" width="128" height="128"></p>`}
<p>${c.verifyYourself}</p>
<ul class="inline-actions">
  <li><a href="/credentials/${check.id}.json" download>${c.json}</a></li>
  <li><a href="/credentials/${check.id}.jwt" download>${c.jwt}</a></li>
  <li><a href="${props.jwksUrl}">${c.keys}</a></li>
</ul>`
}`
  return layout(context, { title: c.checkTitle, body })
}
