import type { Scale } from '../../server/domain/scale.js'
import type { TreeNode } from '../../server/domain/tree.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { localized } from '../localize.js'
import { csrfField } from '../layout.js'
import { nextTo } from '../punctuation.js'
import { formatBytes } from '../../server/domain/bytes.js'
import { EVIDENCE_FILE_MAX_BYTES } from '../../server/domain/evidence-file.js'

/** What a rating form shows: the values the person typed and, after a refused save, why. */
export interface RatingFormState {
  readonly values: { readonly level?: string; readonly evidence?: string; readonly evidenceUrl?: string; readonly evidenceFiles?: readonly string[] }
  readonly errors: Readonly<Record<string, string>>
}

export const EMPTY_FORM: RatingFormState = { values: {}, errors: {} }
export const EVIDENCE_MAX = 2000

/** The person's evidence files to choose from, and those the current rating cites (the competency's own page only). */
export interface RatingFormFiles {
  readonly library: readonly { readonly id: number; readonly name: string; readonly bytes: number }[]
  readonly cited: readonly number[]
}

/** Where a saved rating leads back to: the tree, the competency's page, or the re-rating after an activity. */
export type ReturnTo = 'tree' | 'detail' | `activity:${number}`

/**
 * The rating form of one competency: a plain POST that htmx submits in the background and answers
 * by swapping `target` (the competency card on the tree, the detail section on its own page). It is
 * filled with the person's current self-rating (never a reviewer's level); after a refused save, with
 * what they sent.
 */
export function ratingForm(
  context: ViewContext,
  props: {
    competency: TreeNode
    scale: Scale
    state: RatingFormState
    returnTo: ReturnTo
    target: string
    current?: { readonly level: number; readonly evidence: string; readonly evidenceUrl: string | null } | undefined
    /** Shown, the form also chooses and uploads evidence files (multipart); left out, a save keeps the files cited. */
    files?: RatingFormFiles | undefined
  },
): Html {
  const { m } = context
  const { competency, state } = props
  const action = `/framework/${competency.id}/rating`
  const idPrefix = `r${competency.id}-${props.returnTo.replace(':', '')}`
  // The person's own current rating fills the form, so a re-save keeps its evidence unless they change it.
  const chosen = state.values.level ?? (props.current === undefined ? undefined : String(props.current.level))
  const evidence = state.values.evidence ?? props.current?.evidence ?? ''
  const evidenceUrl = state.values.evidenceUrl ?? props.current?.evidenceUrl ?? ''
  const hasErrors = Object.keys(state.errors).length > 0
  const files = props.files
  const multipart = files !== undefined && html` enctype="multipart/form-data" hx-encoding="multipart/form-data"`
  return html`<form class="rating-form" method="post" action="${action}" hx-post="${action}" hx-target="${props.target}" hx-swap="outerHTML"${multipart} novalidate>
  ${csrfField(context)}
  <input type="hidden" name="returnTo" value="${props.returnTo}">
  ${hasErrors && html`<p class="form-error" role="alert">${m.framework.fixErrors}</p>`}
  <fieldset class="levels"${state.errors['level'] && html` aria-describedby="${idPrefix}-level-error"`}>
    <legend>${m.framework.yourLevel}</legend>
    ${state.errors['level'] && html`<p class="field-error" id="${idPrefix}-level-error">${state.errors['level']}</p>`}
    <label class="level-choice">
      <input type="radio" name="level" value="0"${chosen === '0' && html` checked`} required>
      <span><strong>0</strong> ${m.plan.notYet}</span>
    </label>
    ${props.scale.levels.map(
      (level) => html`<label class="level-choice">
      <input type="radio" name="level" value="${level.level}"${chosen === String(level.level) && html` checked`} required>
      <span><strong>${level.level}</strong> ${localized(context, level, 'label', level.label, props.scale.language)}</span>
    </label>`,
    )}
  </fieldset>
  <label for="${idPrefix}-evidence">${m.framework.evidence}</label>
  <p class="hint" id="${idPrefix}-evidence-hint">${m.framework.evidenceHint}</p>
  ${state.errors['evidence'] && html`<p class="field-error" id="${idPrefix}-evidence-error">${state.errors['evidence']}</p>`}
  <textarea id="${idPrefix}-evidence" name="evidence" rows="3" maxlength="${EVIDENCE_MAX}" aria-describedby="${idPrefix}-evidence-hint${state.errors['evidence'] ? ` ${idPrefix}-evidence-error` : ''}">${evidence}</textarea>
  <label for="${idPrefix}-url">${m.framework.evidenceUrl}</label>
  ${state.errors['evidenceUrl'] && html`<p class="field-error" id="${idPrefix}-url-error">${state.errors['evidenceUrl']}</p>`}
  <input id="${idPrefix}-url" type="url" name="evidenceUrl" inputmode="url" maxlength="${EVIDENCE_MAX}" value="${evidenceUrl}"${state.errors['evidenceUrl'] && html` aria-describedby="${idPrefix}-url-error" aria-invalid="true"`}>
  ${files !== undefined && evidenceFilesField(context, idPrefix, files, state)}
  <button type="submit">${m.framework.save}</button>
</form>`
}

/** The evidence files a rating cites: ticks of the person's library and one new file. */
function evidenceFilesField(context: ViewContext, idPrefix: string, files: RatingFormFiles, state: RatingFormState): Html {
  const { m } = context
  const chosen = new Set(state.values.evidenceFiles ?? files.cited.map(String))
  const error = state.errors['evidenceFile']
  return html`<fieldset class="evidence-files">
    <legend>${m.evidence.filesLegend}</legend>
    <input type="hidden" name="evidenceFilesShown" value="1">
    <p class="hint">${nextTo(m.evidence.filesHint, html`<a href="/evidence">${m.evidence.manage}</a>`)}</p>
    ${files.library.length === 0
      ? html`<p class="muted">${m.evidence.filesNone}</p>`
      : html`<ul class="plain">${files.library.map(
          (file) => html`<li><label><input type="checkbox" name="evidenceFiles" value="${file.id}"${chosen.has(String(file.id)) && html` checked`}> ${file.name} <span class="muted">${formatBytes(file.bytes)}</span></label></li>`,
        )}</ul>`}
    <label for="${idPrefix}-file">${m.evidence.addFile}</label>
    <p class="hint" id="${idPrefix}-file-hint">${m.evidence.fileHint(formatBytes(EVIDENCE_FILE_MAX_BYTES))}</p>
    ${error && html`<p class="field-error" id="${idPrefix}-file-error">${error}</p>`}
    <input id="${idPrefix}-file" type="file" name="evidenceFile" accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp" aria-describedby="${idPrefix}-file-hint${error ? ` ${idPrefix}-file-error` : ''}">
  </fieldset>`
}
