import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { Scale } from '../../server/domain/scale.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import type { CredentialSummary } from '../../server/services/credential-settings.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized } from '../localize.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import { levelNameText } from '../partials/level-name.js'

export interface HrCredentialsPageProps {
  readonly framework: { readonly id: number; readonly tree: FrameworkTree; readonly scale: Scale }
  readonly uses: readonly FrameworkUse[]
  readonly summary: CredentialSummary
  /** The level chosen per competency (absent: the person's target). */
  readonly levels: ReadonlyMap<number, number>
  readonly notice?: string | undefined
  readonly levelsError?: string | undefined
  readonly revoke?: { readonly values: { readonly credential: string; readonly reason: string }; readonly error: string } | undefined
}

/** HR's credentials page: issued credentials in aggregate, the level that earns one, and revocation. */
export function hrCredentialsPage(context: ViewContext, props: HrCredentialsPageProps): Html {
  const { m } = context
  const c = m.credentials
  const k = props.summary.minGroupSize
  const people = new Map(props.summary.competencies.map((row) => [row.competencyId, row.people]))
  const count = (value: number | null | undefined) => (value === undefined ? '0' : value === null ? html`<span class="muted">${c.suppressed(k)}</span>` : String(value))
  const competencies = props.framework.tree.competencies
  const body = html`<h1>${c.hrTitle}</h1>
${props.notice !== undefined && html`<p class="saved" role="status">${props.notice}</p>`}
<p>${c.hrIntro}</p>
${frameworkSwitch(context, { uses: props.uses, current: props.framework.id, href: (id) => `/hr/credentials?framework=${id}` })}
<section aria-labelledby="levels-title">
  <h2 id="levels-title">${c.summaryTitle}</h2>
  <p>${c.summaryIntro(k)} ${c.levelsIntro}</p>
  ${props.levelsError !== undefined && html`<p class="form-error" role="alert">${props.levelsError}</p>`}
  <form method="post" action="/hr/credentials/levels">
    ${csrfField(context)}
    <input type="hidden" name="framework" value="${props.framework.id}">
    <div class="table-scroll"><table>
      <thead><tr><th scope="col">${m.hr.competency}</th><th scope="col">${c.people}</th><th scope="col">${c.levelsTitle}</th></tr></thead>
      <tbody>${competencies.map((node) => {
        const chosen = props.levels.get(node.id)
        return html`<tr>
        <th scope="row"><span class="code">${node.code}</span> ${localized(context, node.translations, 'title', node.title)}</th>
        <td>${count(people.get(node.id))}</td>
        <td><label class="visually-hidden" for="level-${node.id}">${c.levelsTitle} ${node.code}</label>
          <select id="level-${node.id}" name="level-${node.id}">
            <option value="">${c.personsTarget}</option>
            ${props.framework.scale.levels.map((level) => html`<option value="${level.level}"${chosen === level.level && html` selected`}>${level.level} ${levelNameText(context, props.framework.scale, level.level)}</option>`)}
          </select></td>
      </tr>`
      })}</tbody>
    </table></div>
    <p><button type="submit">${c.saveLevels}</button></p>
  </form>
</section>
<section aria-labelledby="programmes-title">
  <h2 id="programmes-title">${c.programmesTitle}</h2>
  ${
    props.summary.programmes.length === 0
      ? html`<p>${c.noneIssued}</p>`
      : html`<table class="compact"><thead><tr><th scope="col">${c.programme}</th><th scope="col">${c.people}</th></tr></thead><tbody>${props.summary.programmes.map(
          (row) => html`<tr><th scope="row"><span class="code">${row.code}</span> ${row.title}</th><td>${count(row.people)}</td></tr>`,
        )}</tbody></table>`
  }
</section>
<section aria-labelledby="revoke-title">
  <h2 id="revoke-title">${c.revokeTitle}</h2>
  <p>${c.revokeIntro}</p>
  ${props.revoke !== undefined && html`<p class="form-error" role="alert">${props.revoke.error}</p>`}
  <form method="post" action="/hr/credentials/revoke" class="narrow">
    ${csrfField(context)}
    <p><label for="revoke-credential">${c.revokeWhich}</label><br><input id="revoke-credential" name="credential" required maxlength="300" value="${props.revoke?.values.credential ?? ''}"></p>
    <p><label for="revoke-reason">${c.revokeReason}</label><br><textarea id="revoke-reason" name="reason" maxlength="500" rows="3">${props.revoke?.values.reason ?? ''}</textarea></p>
    <p><button type="submit">${c.revoke}</button></p>
  </form>
</section>`
  return layout(context, { title: c.hrTitle, body })
}
