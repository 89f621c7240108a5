import { formatBytes } from '../../server/domain/bytes.js'
import { EVIDENCE_FILE_MAX_BYTES } from '../../server/domain/evidence-file.js'
import type { LibraryFile } from '../../server/services/evidence.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { inlineList } from '../punctuation.js'

export interface EvidencePageProps {
  readonly files: readonly LibraryFile[]
  /** What just happened, said where the person looks. */
  readonly notice?: { readonly kind: 'uploaded' | 'uploadedAgain' | 'deleted'; readonly name: string } | undefined
  /** Why the upload or a deletion was refused. */
  readonly error?: string | undefined
}

/** The person's evidence files: who sees them, an upload form, and each file with what cites it. */
export function evidencePage(context: ViewContext, props: EvidencePageProps): Html {
  const { m } = context
  const body = html`<h1>${m.evidence.title}</h1>
<p>${m.evidence.intro}</p>
<p class="who-sees">${m.evidence.whoSees}</p>
${evidenceSection(context, props)}`
  return layout(context, { title: m.evidence.title, body })
}

/** The upload form and the list: the whole page's changing part, and what htmx swaps after an upload or a deletion. */
export function evidenceSection(context: ViewContext, props: EvidencePageProps): Html {
  const { m } = context
  const notice = props.notice
  return html`<section id="evidence" aria-labelledby="evidence-upload">
  ${notice !== undefined && html`<p class="saved" role="status">${m.evidence[notice.kind](notice.name)}</p>`}
  ${props.error !== undefined && html`<p class="form-error" role="alert" id="evidence-error">${props.error}</p>`}
  <form method="post" action="/evidence" enctype="multipart/form-data" hx-post="/evidence" hx-encoding="multipart/form-data" hx-target="#evidence" hx-swap="outerHTML">
    ${csrfField(context)}
    <fieldset>
      <legend id="evidence-upload">${m.evidence.uploadLegend}</legend>
      <label for="evidence-file">${m.evidence.fileLabel}</label>
      <p class="hint" id="evidence-file-hint">${m.evidence.fileHint(formatBytes(EVIDENCE_FILE_MAX_BYTES))}</p>
      <input id="evidence-file" type="file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp" aria-describedby="evidence-file-hint${props.error === undefined ? '' : ' evidence-error'}">
      <button type="submit">${m.evidence.upload}</button>
    </fieldset>
  </form>
  ${props.files.length === 0
    ? html`<p>${m.evidence.none}</p>`
    : html`<div class="table-scroll"><table>
    <thead><tr><th scope="col">${m.evidence.name}</th><th scope="col">${m.evidence.size}</th><th scope="col">${m.evidence.uploadedOn}</th><th scope="col">${m.evidence.citedBy}</th><th scope="col"><span class="visually-hidden">${m.evidence.delete}</span></th></tr></thead>
    <tbody>${props.files.map((file) => fileRow(context, file))}</tbody>
  </table></div>`}
</section>`
}

function fileRow(context: ViewContext, file: LibraryFile): Html {
  const { m } = context
  return html`<tr>
    <td><a href="/evidence/${file.id}/file" download>${file.name}</a> <span class="muted">${m.evidence.typeNames[file.type] ?? file.type}</span></td>
    <td>${formatBytes(file.bytes)}</td>
    <td class="date">${formatDate(context, file.uploadedAt)}</td>
    <td>${file.citedNow.length === 0 ? html`<span class="muted">${m.evidence.citedByNone}</span>` : inlineList(context, file.citedNow.map((citation) => html`<a href="/framework/${citation.competencyId}">${citation.code}</a>`))}</td>
    <td>${file.cited
      ? html`<span class="muted">${m.evidence.keptWithHistory}</span>`
      : html`<form method="post" action="/evidence/${file.id}/delete" hx-post="/evidence/${file.id}/delete" hx-target="#evidence" hx-swap="outerHTML" hx-confirm="${m.evidence.deleteConfirm(file.name)}" class="inline-actions">
      ${csrfField(context)}
      <button type="submit" class="link-button" aria-label="${m.evidence.delete}: ${file.name}">${m.evidence.delete}</button>
    </form>`}</td>
  </tr>`
}
