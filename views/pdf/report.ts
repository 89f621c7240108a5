import PDFDocument from 'pdfkit'
import type { ViewContext } from '../context.js'
import { formatDate, formatNumber } from '../format.js'
import { localizedText } from '../localize.js'
import { levelNameText } from '../partials/level-name.js'
import type { ReportPageProps } from '../pages/report.js'
import { pdfFonts } from './fonts.js'

/**
 * The personal feedback report as a PDF, in the reader's language: the same words as the page
 * (views/pages/report.ts), laid out for A4, in one font for every language (fonts.ts); pdfkit embeds
 * only the glyphs a report uses, so a report is ~15 kB in English and ~40 kB in Chinese.
 */

export interface ReportPdfProps extends ReportPageProps {
  /** Whose report it is and where, for its heading. */
  readonly person: { readonly name: string; readonly institutionName: string }
  /** The reader is not the person: the title names the person. */
  readonly sharedWithReader: boolean
  readonly drawnUpAt: Date
}

const MARGIN = 56
const INK = '#1a1a1a'
const MUTED = '#555555'

export function reportPdf(context: ViewContext, props: ReportPdfProps): Promise<Buffer> {
  const { m } = context
  const r = m.report
  const { plan, report } = props
  const framework = plan.framework
  const scale = framework.row.scale
  const frameworkTitle = localizedText(context, framework.row, 'title', framework.row.title)
  const title = props.sharedWithReader ? r.sharedTitle(props.person.name) : r.title
  const competency = (id: number) => {
    const node = framework.tree.byId.get(id)
    return node === undefined ? '' : `${node.code} ${localizedText(context, node, 'title', node.title)}`
  }
  const level = (value: number) => levelNameText(context, scale, value)
  const change = (value: number | null) =>
    value === null ? '—' : r.change(formatNumber(context, Math.abs(value)), Math.abs(value) < 0.05 ? 'same' : value > 0 ? 'up' : 'down')

  const { regular, bold } = pdfFonts()
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, lang: context.locale, displayTitle: true, info: { Title: `${title}: ${frameworkTitle}`, Author: props.person.name, Creator: 'competency-tracker' } })
  // pdfkit takes a parsed fontkit font as it takes a file (its FontFactory.open); its types say only files.
  doc.registerFont('regular', regular as unknown as PDFKit.Mixins.PDFFontSource)
  doc.registerFont('bold', bold as unknown as PDFKit.Mixins.PDFFontSource)
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const heading = (text: string) => {
    doc.moveDown(0.8).font('bold').fontSize(14).fillColor(INK).text(text)
    doc.moveDown(0.3)
  }
  const paragraph = (text: string, options: { muted?: boolean; indent?: number } = {}) =>
    doc.font('regular').fontSize(10.5).fillColor(options.muted ? MUTED : INK).text(text, { indent: options.indent ?? 0 })

  doc.font('bold').fontSize(20).fillColor(INK).text(title)
  doc.font('regular').fontSize(12).text(frameworkTitle)
  doc.moveDown(0.3)
  paragraph(r.drawnUp(props.person.name, props.person.institutionName, formatDate(context, props.drawnUpAt)), { muted: true })
  doc.moveDown(0.5)
  paragraph(r.intro(frameworkTitle))

  const anyRated = report.domains.some((domain) => domain.rated > 0)
  if (!anyRated) {
    heading(m.plan.rateFirstTitle)
    paragraph(m.plan.rateFirst)
  } else {
    heading(r.domainsTitle)
    for (const domain of report.domains) {
      doc.font('bold').fontSize(10.5).fillColor(INK).text(competency(domain.domainId))
      const facts = [r.standings[domain.standing], `${r.rated}: ${r.ratedOf(domain.rated, domain.asked)}`]
      if (props.previousRound) facts.push(`${r.changeSince(props.previousRound.title)}: ${change(domain.change)}`)
      for (const fact of facts) paragraph(fact, { indent: 12 })
      doc.moveDown(0.3)
    }

    heading(r.strengthsTitle)
    if (report.strengths.length === 0) paragraph(r.noStrengths)
    for (const line of report.strengths) paragraph(`• ${competency(line.competencyId)}: ${r.levelAgainst(level(line.current), level(line.target))}`)

    heading(r.prioritiesTitle)
    if (report.priorities.length === 0) paragraph(r.noPriorities)
    report.priorities.forEach((priority, index) => {
      doc.font('bold').fontSize(10.5).fillColor(INK).text(`${index + 1}. ${competency(priority.competencyId)}`, { continued: true })
      doc.font('regular').text(`: ${r.levelAgainst(level(priority.current), level(priority.target))}`)
      if (priority.programmes.length === 0) paragraph(r.noProgramme, { muted: true, indent: 12 })
      else {
        paragraph(r.programmesFor, { indent: 12 })
        for (const programme of priority.programmes) {
          paragraph(`• ${localizedText(context, programme, 'title', programme.title)} (${programme.code}), ${m.programmes.hours(formatNumber(context, programme.hours))}`, { indent: 24 })
        }
      }
      doc.moveDown(0.3)
    })
  }
  doc.end()
  return done
}
