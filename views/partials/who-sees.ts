import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import type { Messages } from '../messages/en/index.js'
import { html, type Html } from '../html.js'
import { csrfField } from '../layout.js'
import { labelled, nextTo } from '../punctuation.js'

/**
 * Who sees the person's self-ratings, in one sentence of the reader's language: shown on every page
 * where they rate themselves, so nobody rates without knowing.
 *
 * ```ts
 * whoSeesSentence(m, { audience: 'onlyYou', k: 5, ... }) // 'Only you. Your HR sees your ratings only in totals of at least 5 people.'
 * ```
 */
export function whoSeesSentence(m: Messages, visibility: PersonVisibility): string {
  const reviewer = visibility.reviewer?.name ?? ''
  switch (visibility.audience) {
    case 'onlyYou':
      return m.visibility.onlyYou(visibility.k)
    case 'noReviewer':
      return m.visibility.noReviewer(visibility.k)
    case 'onceShared':
      return m.visibility.onceShared(reviewer, visibility.k)
    case 'sharedNow':
      return m.visibility.sharedNow(reviewer)
    case 'everyone':
      return visibility.reviewer === null ? m.visibility.everyoneNoReviewer : m.visibility.everyone(reviewer)
  }
}

/** Whether the person can share or stop sharing now (the profile holds the button). */
function canShare(visibility: PersonVisibility): boolean {
  return visibility.mode === 'shared' && visibility.reviewer !== null
}

/** The sentence on a page that takes a rating, with a link to the profile's sharing button where there is one. */
export function whoSees(context: ViewContext, visibility: PersonVisibility): Html {
  const { m } = context
  const said = labelled(context, m.visibility.title, whoSeesSentence(m, visibility), { strong: true })
  return html`<p class="who-sees" id="who-sees">${canShare(visibility) ? nextTo(said, html`<a href="/#sharing">${m.visibility.manage}</a>`) : said}</p>`
}

/** The profile's section: the sentence and, where the institution uses sharing, the button to share or stop. */
export function sharingSection(context: ViewContext, visibility: PersonVisibility, saved: 'shared' | 'stopped' | undefined): Html {
  const { m } = context
  return html`<section id="sharing" aria-labelledby="sharing-title">
  <h2 id="sharing-title">${m.visibility.title}</h2>
  ${saved && html`<p class="saved" role="status">${saved === 'shared' ? m.visibility.sharedSaved : m.visibility.unsharedSaved}</p>`}
  <p class="who-sees">${whoSeesSentence(m, visibility)}</p>
  ${canShare(visibility) &&
  html`${visibility.sharedAt ? html`<p>${m.visibility.sharedSince(formatDate(context, visibility.sharedAt))}</p>` : html`<p class="hint">${m.visibility.shareHint}</p>`}
  <form method="post" action="/me/sharing">
    ${csrfField(context)}
    <input type="hidden" name="shared" value="${visibility.shared ? '0' : '1'}">
    <button type="submit"${visibility.shared && html` class="secondary"`}>${visibility.shared ? m.visibility.unshare : m.visibility.share}</button>
  </form>`}
</section>`
}
