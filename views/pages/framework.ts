import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { FrameworkRow } from '../../server/db/schema.js'
import { competenciesIn, type FrameworkTree, type TreeNode } from '../../server/domain/tree.js'
import type { Rating } from '../../server/services/ratings.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { frameworkNotice } from '../partials/framework-notice.js'
import { localized } from '../localize.js'
import { localizedBlock } from '../rich-text.js'
import { layout } from '../layout.js'
import { downloadLinks } from './admin-frameworks.js'
import { competencyCard } from '../partials/competency-card.js'
import { EMPTY_FORM, type RatingFormState } from '../partials/rating-form.js'
import { nextTo } from '../punctuation.js'
import { whoSees } from '../partials/who-sees.js'

export interface FrameworkPageProps {
  readonly framework: FrameworkRow
  readonly tree: FrameworkTree
  readonly current: ReadonlyMap<number, Rating>
  /** Who sees the person's ratings, said above the forms. */
  readonly visibility: PersonVisibility
  /** The competency the person just saved or failed to save: its domain opens, its card shows the outcome. */
  readonly focus?: { readonly competencyId: number; readonly saved: boolean; readonly form: RatingFormState }
  /** A domain to show open (linked from the profile); by default the first one is. */
  readonly openDomainId?: number
  /** The frameworks the person may switch to (their institution's for people). */
  readonly uses: readonly FrameworkUse[]
}

/** The framework as a tree: each domain a collapsible section of competency cards. */
export function frameworkPage(context: ViewContext, props: FrameworkPageProps): Html {
  const { m } = context
  const { framework, tree } = props
  const focusDomain = (props.focus && tree.byId.get(props.focus.competencyId)?.domainId) ?? props.openDomainId
  const body = html`${frameworkSwitch(context, { uses: props.uses, current: framework.id, href: (id) => `/framework?framework=${id}` })}
<h1>${localized(context, framework, 'title', framework.title)}</h1>
<p>${m.framework.intro}</p>
${whoSees(context, props.visibility)}
${frameworkNotice(context, framework)}
<p class="muted">${nextTo(m.admin.downloadThis, downloadLinks(context, framework.id))}</p>
${tree.roots.map((domain, index) => domainSection(context, props, domain, focusDomain === undefined ? index === 0 : focusDomain === domain.id))}`
  return layout(context, { title: m.framework.title, body })
}

/**
 * The card of one competency, alone: what htmx swaps in after a save, with its domain's "n of m
 * rated" out of band, so the heading above counts the new rating too.
 */
export function frameworkCompetencyCard(context: ViewContext, props: FrameworkPageProps & { competency: TreeNode }): Html {
  const domain = props.tree.byId.get(props.competency.domainId)
  return html`${competencyCard(context, cardProps(props, props.competency))}${domain && html`
${ratedCount(context, props, domain, true)}`}`
}

function ratedCount(context: ViewContext, props: FrameworkPageProps, domain: TreeNode, outOfBand: boolean): Html {
  const competencies = competenciesIn(domain)
  const rated = competencies.filter((competency) => props.current.has(competency.id)).length
  return html`<span class="count" id="count-d-${domain.id}"${outOfBand && html` hx-swap-oob="true"`}>${context.m.framework.ratedInDomain(rated, competencies.length)}</span>`
}

function domainSection(context: ViewContext, props: FrameworkPageProps, domain: TreeNode, open: boolean): Html {
  return html`<details class="domain" id="d-${domain.id}"${open && html` open`}>
  <summary><h2><span class="code">${domain.code}</span> ${localized(context, domain, 'title', domain.title)} ${ratedCount(context, props, domain, false)}</h2></summary>
  ${domain.description && localizedBlock(context, domain, 'description', domain.description, { className: 'domain-description' })}
  ${domainContent(context, props, domain, 3)}
</details>`
}

/**
 * A domain's competencies and the domains within it, each with its heading, as deep as the
 * framework goes (a CASE tree rated below its second level), in tree order.
 */
function domainContent(context: ViewContext, props: FrameworkPageProps, domain: TreeNode, headingLevel: number): Html {
  const heading = Math.min(headingLevel, 6)
  return html`${domain.children.map((child) =>
    child.kind === 'competency'
      ? competencyCard(context, cardProps(props, child))
      : child.kind === 'domain' &&
        html`<section class="subdomain" id="d-${child.id}" aria-labelledby="d-${child.id}-title">
    <h${heading} id="d-${child.id}-title"><span class="code">${child.code}</span> ${localized(context, child, 'title', child.title)}</h${heading}>
    ${child.description && localizedBlock(context, child, 'description', child.description, { className: 'domain-description' })}
    ${domainContent(context, props, child, headingLevel + 1)}
  </section>`,
  )}`
}

function cardProps(props: FrameworkPageProps, competency: TreeNode) {
  const focused = props.focus?.competencyId === competency.id ? props.focus : undefined
  return {
    competency,
    scale: props.framework.scale,
    staffGroups: props.framework.staff_groups,
    current: props.current.get(competency.id),
    form: focused?.form ?? EMPTY_FORM,
    saved: focused?.saved ?? false,
  }
}
