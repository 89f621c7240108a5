import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { maxLevel } from '../domain/scale.js'
import {
  assessmentAccess,
  MAX_JUDGEMENT_TEXT,
  MAX_PANEL_SIZE,
  componentResults,
  type AssessmentAccess,
  type ComponentResult,
  type PanelCapacity,
  type ResultsVisibility,
} from '../domain/subject-assessment.js'
import type { FrameworkUse } from '../domain/framework-use.js'
import type { Translations } from '../domain/translations.js'
import { auditBy } from './audit.js'
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import type { Framework, FrameworkService } from './frameworks.js'
import type { FrameworkUseService } from './framework-uses.js'
import type { JudgementEngine } from './judgements.js'
import type { ReportService } from './reports.js'
import type { SessionUser } from './users.js'


/** One judgement of one area, as history and the current view show it. */
export interface AreaJudgement {
  readonly id: number
  readonly competencyId: number
  readonly unitId: number | null
  readonly level: number
  readonly evidence: string
  readonly comment: string
  readonly ratedBy: { readonly id: number; readonly name: string }
  readonly raterRole: PanelCapacity
  readonly createdAt: Date
}

/** What a request about one assessment needs: the framework, how the institution uses it, who may do what. */
export interface AssessmentContext {
  readonly use: FrameworkUse
  readonly framework: Framework
  readonly visibility: ResultsVisibility
  readonly access: AssessmentAccess
}

export interface PanelMember {
  readonly id: number
  readonly name: string
  readonly email: string
  readonly appointedAt: Date
}

/** A weak area with what the institution can do about it: the staff competencies it rests on and the programmes that teach them. */
export interface AreaAdvice {
  readonly competencyId: number
  readonly level: number
  readonly related: readonly {
    readonly frameworkId: number
    readonly competencyId: number
    readonly code: string
    readonly title: string
    readonly translations: Translations
    readonly programmes: readonly { readonly id: number; readonly code: string; readonly title: string; readonly translations: Translations; readonly hours: number; readonly languages: readonly string[] }[]
    /**
     * What the staff gap report says of the competency, institution-wide (HR only; undefined for
     * others): the same figures, suppressed the same way, as HR's own report shows.
     */
    readonly staff?: { readonly suppressed: boolean; readonly rated: number | null; readonly meanGap: number | null; readonly belowTarget: number | null } | undefined
  }[]
}

export interface AssessmentReport {
  readonly components: readonly ComponentResult[]
  readonly advice: readonly AreaAdvice[]
  readonly judged: number
  readonly areas: number
}

/**
 * Assessments of a unit or the whole institution, made by a panel (HR, and the people HR appoints per
 * framework): who may judge and read, the subject a request names, the current level of each area, the
 * report and the panel. Judgements are written by the assessment engine (services/judgements.ts): a
 * repeat of the current one writes nothing, and a double submit writes once.
 *
 * ```ts
 * const assessments = createSubjectAssessmentService(db, frameworks, frameworkUses, reports, createJudgementEngine(db))
 * const qa = await assessments.context(hr, qaId)
 * await assessments.record(hr, qa, areaId, { level: 2, evidence: 'LMS policy 2025', comment: '' })
 * (await assessments.report(hr, qa)).report.components[0] // { component, areas: 4, judged: 1, level: 2, weakest: [...] }
 * ```
 */
export function createSubjectAssessmentService(db: Kysely<Database>, frameworks: FrameworkService, frameworkUses: FrameworkUseService, reports: ReportService, engine: JudgementEngine) {
  /** The assessment the request names, with the caller's rights; 404 unless the institution uses it for a unit or itself. */
  async function context(user: SessionUser, frameworkId: number): Promise<AssessmentContext> {
    const row = await db
      .selectFrom('institution_frameworks as uses')
      .select([
        'uses.results_visible_to',
        sql<boolean>`exists (select 1 from assessment_panel_members m where m.institution_id = uses.institution_id and m.framework_id = uses.framework_id and m.user_id = ${user.id})`.as('onPanel'),
      ])
      .where('uses.institution_id', '=', user.institutionId)
      .where('uses.framework_id', '=', frameworkId)
      .executeTakeFirst()
    const use = row === undefined ? undefined : (await frameworkUses.list(user.institutionId)).find((each) => each.frameworkId === frameworkId)
    if (row === undefined || use === undefined || use.subject === 'person') throw NotFoundError.of('frameworkNotForSubject', { frameworkId })
    const framework = await frameworks.get(frameworkId)
    if (framework === undefined) throw NotFoundError.of('frameworkNotForSubject', { frameworkId })
    return { use, framework, visibility: row.results_visible_to, access: assessmentAccess({ role: user.role, onPanel: row.onPanel }, row.results_visible_to) }
  }

  function mustRead(found: AssessmentContext): void {
    if (!found.access.mayRead) throw ForbiddenError.of('assessmentResultsPrivate', {})
  }

  /** The subject a request names: the institution (null) for an institution framework, a department of it for a unit framework. */
  async function subjectOf(user: SessionUser, found: AssessmentContext, unitId: number | undefined): Promise<number | null> {
    if (found.use.subject === 'institution') {
      if (unitId !== undefined) throw InvalidInputError.of('assessmentUnitNotAsked', {}, { unitId: 'not asked' })
      return null
    }
    if (unitId === undefined) throw InvalidInputError.of('assessmentUnitRequired', {}, { unitId: 'required' })
    const unit = await db.selectFrom('departments').select('id').where('institution_id', '=', user.institutionId).where('id', '=', unitId).executeTakeFirst()
    if (unit === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: unitId })
    return unit.id
  }

  /** The subject's judgements with who made them, read through `executor` (the database, or a transaction). */
  function judgements(user: SessionUser, frameworkId: number, unitId: number | null, executor: Kysely<Database> = db) {
    return executor
      .selectFrom('subject_ratings as r')
      .innerJoin('users as rater', 'rater.id', 'r.rated_by')
      .select(['r.id', 'r.competency_id as competencyId', 'r.unit_id as unitId', 'r.level', 'r.evidence', 'r.comment', 'r.rater_role as raterRole', 'r.created_at as createdAt', 'rater.id as raterId', 'rater.name as raterName'])
      .where('r.institution_id', '=', user.institutionId)
      .where('r.framework_id', '=', frameworkId)
      .where((eb) => (unitId === null ? eb('r.unit_id', 'is', null) : eb('r.unit_id', '=', unitId)))
  }

  type JudgementRow = Awaited<ReturnType<ReturnType<typeof judgements>['execute']>>[number]
  const judgementOf = ({ raterId, raterName, ...row }: JudgementRow): AreaJudgement => ({ ...row, ratedBy: { id: raterId, name: raterName } })

  /** The latest judgement of each area of the subject. */
  async function current(user: SessionUser, frameworkId: number, unitId: number | null): Promise<Map<number, AreaJudgement>> {
    const rows = await judgements(user, frameworkId, unitId).distinctOn('r.competency_id').orderBy('r.competency_id').orderBy('r.id', 'desc').execute()
    return new Map(rows.map((row) => [row.competencyId, judgementOf(row)]))
  }

  return {
    /**
     * The assessment a request names, with the caller's rights (404 unless the institution uses it
     * for a unit or itself): every other operation takes what this returned, so a request looks it up once.
     */
    context,

    /** The institution's unit and institution assessments that the reader takes part in or may read, with how far each is. */
    async available(user: SessionUser): Promise<{ use: FrameworkUse; access: AssessmentAccess; judged: number; areas: number }[]> {
      const uses = (await frameworkUses.list(user.institutionId)).filter((use) => use.subject !== 'person')
      if (uses.length === 0) return []
      const rows = await db
        .selectFrom('institution_frameworks as uses')
        .select([
          'uses.framework_id as frameworkId',
          'uses.results_visible_to as visibility',
          sql<boolean>`exists (select 1 from assessment_panel_members m where m.institution_id = uses.institution_id and m.framework_id = uses.framework_id and m.user_id = ${user.id})`.as('onPanel'),
          sql<number>`(select count(distinct r.competency_id)::integer from subject_ratings r where r.institution_id = uses.institution_id and r.framework_id = uses.framework_id and r.unit_id is null)`.as('judged'),
        ])
        .where('uses.institution_id', '=', user.institutionId)
        .execute()
      const listed = []
      for (const use of uses) {
        const row = rows.find((each) => each.frameworkId === use.frameworkId)
        const framework = await frameworks.get(use.frameworkId)
        if (row === undefined || framework === undefined) continue
        const access = assessmentAccess({ role: user.role, onPanel: row.onPanel }, row.visibility)
        if (access.mayRead) listed.push({ use, access, judged: row.judged, areas: framework.tree.competencies.length })
      }
      return listed
    },

    /** The ids of the staff with these e-mail addresses (any case), or the first address that is not on the staff list. */
    async staffByEmail(user: SessionUser, emails: readonly string[]): Promise<{ ids: number[]; unknown: string | undefined }> {
      if (emails.length === 0) return { ids: [], unknown: undefined }
      const rows = await db
        .selectFrom('users')
        .select(['id', sql<string>`lower(email)`.as('email')])
        .where('institution_id', '=', user.institutionId)
        .where('role', '!=', 'admin')
        .where(sql<string>`lower(email)`, 'in', emails.map((email) => email.toLowerCase()))
        .execute()
      const byEmail = new Map(rows.map((row) => [row.email, row.id]))
      const unknown = emails.find((email) => !byEmail.has(email.toLowerCase()))
      return { ids: emails.flatMap((email) => byEmail.get(email.toLowerCase()) ?? []), unknown }
    },

    /** The current judgement of every judged area, and the whole history newest first. */
    async overview(user: SessionUser, found: AssessmentContext, unitId?: number): Promise<{ unitId: number | null; current: Map<number, AreaJudgement>; history: AreaJudgement[] }> {
      mustRead(found)
      const frameworkId = found.use.frameworkId
      const subject = await subjectOf(user, found, unitId)
      const [latest, history] = await Promise.all([current(user, frameworkId, subject), judgements(user, frameworkId, subject).orderBy('r.id', 'desc').execute()])
      return { unitId: subject, current: latest, history: history.map(judgementOf) }
    },

    /**
     * Records the panel's judgement of one area (appended and audited by the engine), unless it repeats
     * the current one (then nothing is written and `changed` is false).
     */
    async record(
      user: SessionUser,
      found: AssessmentContext,
      competencyId: number,
      input: { readonly level: number; readonly evidence?: string | undefined; readonly comment?: string | undefined; readonly unitId?: number | undefined },
    ): Promise<{ changed: boolean; judgement: AreaJudgement }> {
      const frameworkId = found.use.frameworkId
      if (found.access.assessAs === undefined) throw ForbiddenError.of('assessmentNotOnPanel', {})
      const area = found.framework.tree.byId.get(competencyId)
      if (area === undefined || area.kind !== 'competency') throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
      const evidence = (input.evidence ?? '').trim()
      const comment = (input.comment ?? '').trim()
      if (evidence.length > MAX_JUDGEMENT_TEXT || comment.length > MAX_JUDGEMENT_TEXT) {
        throw InvalidInputError.of('assessmentTextTooLong', { max: MAX_JUDGEMENT_TEXT }, evidence.length > MAX_JUDGEMENT_TEXT ? { evidence: 'too long' } : { comment: 'too long' })
      }
      const unitId = await subjectOf(user, found, input.unitId)
      const saved = await engine.append(
        {
          institutionId: user.institutionId,
          frameworkId,
          competencyId,
          subject: unitId === null ? { kind: 'institution' } : { kind: 'unit', unitId },
          rater: { id: user.id, capacity: found.access.assessAs },
          level: input.level,
          evidence,
          evidenceUrl: null,
          comment,
        },
        found.framework.row.scale,
      )
      const row = await judgements(user, frameworkId, unitId).where('r.id', '=', saved.id).executeTakeFirstOrThrow()
      return { changed: saved.changed, judgement: judgementOf(row) }
    },

    /**
     * The report: per component its level and weakest areas, and for each weak area the staff
     * competencies of the frameworks the institution uses that the crosswalks link to it, with the
     * published programmes that teach them.
     */
    async report(user: SessionUser, found: AssessmentContext, unitId?: number): Promise<{ unitId: number | null; report: AssessmentReport }> {
      mustRead(found)
      const subject = await subjectOf(user, found, unitId)
      const latest = await current(user, found.use.frameworkId, subject)
      const levels = new Map([...latest].map(([id, judgement]) => [id, judgement.level]))
      const components = componentResults(found.framework.tree, levels, { top: maxLevel(found.framework.row.scale) })
      const weak = components.flatMap((component) => component.weakest)
      const codes = weak.map((area) => found.framework.tree.byId.get(area.competencyId)!.code)
      const links =
        codes.length === 0
          ? []
          : await db
              .selectFrom('crosswalk_links as link')
              .innerJoin('frameworks as other', (join) =>
                join.on((eb) => eb.or([eb.and([eb('link.from_slug', '=', found.framework.row.slug), eb('other.slug', '=', eb.ref('link.to_slug'))]), eb.and([eb('link.to_slug', '=', found.framework.row.slug), eb('other.slug', '=', eb.ref('link.from_slug'))])])),
              )
              .innerJoin('institution_frameworks as uses', (join) => join.onRef('uses.framework_id', '=', 'other.id').on('uses.institution_id', '=', user.institutionId))
              .innerJoin('competencies as staff', (join) =>
                join.onRef('staff.framework_id', '=', 'other.id').on((eb) => eb(eb.ref('staff.code'), '=', sql<string>`case when link.from_slug = ${found.framework.row.slug} then link.to_code else link.from_code end`)),
              )
              .select([
                sql<string>`case when link.from_slug = ${found.framework.row.slug} then link.from_code else link.to_code end`.as('areaCode'),
                'other.id as frameworkId',
                'staff.id as competencyId',
                'staff.code',
                'staff.title',
                'staff.translations',
              ])
              .where('other.subject', '=', 'person')
              .where((eb) => eb.or([eb.and([eb('link.from_slug', '=', found.framework.row.slug), eb('link.from_code', 'in', codes)]), eb.and([eb('link.to_slug', '=', found.framework.row.slug), eb('link.to_code', 'in', codes)])]))
              .orderBy('uses.position')
              .orderBy('staff.position')
              .execute()
      const staffIds = [...new Set(links.map((link) => link.competencyId))]
      const programmes =
        staffIds.length === 0
          ? []
          : await db
              .selectFrom('programme_competencies as pc')
              .innerJoin('programmes as p', 'p.id', 'pc.programme_id')
              .select(['pc.competency_id as competencyId', 'p.id', 'p.code', 'p.title', 'p.translations', 'p.hours', 'p.languages'])
              .where('pc.competency_id', 'in', staffIds)
              .where('p.published', '=', true)
              .orderBy('p.hours')
              .orderBy('p.code')
              .execute()
      // HR read the staff gap report anyway: the report shows its figures for the linked competencies.
      const staffFigures = new Map<number, NonNullable<AreaAdvice['related'][number]['staff']>>()
      if (user.role === 'hr') {
        for (const frameworkId of new Set(links.map((link) => link.frameworkId))) {
          const gaps = await reports.gaps(user, frameworkId, { by: 'competency' })
          for (const cell of gaps.cells) {
            staffFigures.set(cell.nodeId, { suppressed: cell.suppressed, rated: cell.rated, meanGap: cell.meanGap, belowTarget: cell.belowTarget })
          }
        }
      }
      const advice = weak.map((area) => {
        const code = found.framework.tree.byId.get(area.competencyId)!.code
        return {
          ...area,
          related: links
            .filter((link) => link.areaCode === code)
            .map(({ areaCode: _, ...link }) => ({
              ...link,
              // Two short ones are enough to start with; the plan page has the rest.
              programmes: programmes.filter((programme) => programme.competencyId === link.competencyId).slice(0, 2).map(({ competencyId: _, ...programme }) => programme),
              staff: staffFigures.get(link.competencyId),
            })),
        }
      })
      return { unitId: subject, report: { components, advice, judged: latest.size, areas: found.framework.tree.competencies.length } }
    },

    /** The people HR appointed to the panel, by name. HR only (the route checks the role). */
    async panel(user: SessionUser, found: AssessmentContext): Promise<PanelMember[]> {
      return db
        .selectFrom('assessment_panel_members as m')
        .innerJoin('users', 'users.id', 'm.user_id')
        .select(['users.id', 'users.name', 'users.email', 'm.appointed_at as appointedAt'])
        .where('m.institution_id', '=', user.institutionId)
        .where('m.framework_id', '=', found.use.frameworkId)
        .orderBy('users.name')
        .orderBy('users.id')
        .execute()
    },

    /** Replaces the panel and who reads the results, in one audited transaction. HR only (the route checks the role). */
    async setPanel(user: SessionUser, found: AssessmentContext, input: { readonly members: readonly number[]; readonly visibility: ResultsVisibility }): Promise<void> {
      const frameworkId = found.use.frameworkId
      const members = [...new Set(input.members)]
      if (members.length > MAX_PANEL_SIZE) throw InvalidInputError.of('panelTooLarge', { max: MAX_PANEL_SIZE }, { members: 'too many' })
      await db.transaction().execute(async (trx) => {
        if (members.length > 0) {
          const staff = await trx.selectFrom('users').select('id').where('institution_id', '=', user.institutionId).where('id', 'in', members).where('role', '!=', 'admin').execute()
          const known = new Set(staff.map((row) => row.id))
          const unknown = members.find((id) => !known.has(id))
          if (unknown !== undefined) throw NotFoundError.of('notFound', { thing: 'person', id: unknown })
        }
        const before = await trx.selectFrom('assessment_panel_members').select('user_id').where('institution_id', '=', user.institutionId).where('framework_id', '=', frameworkId).orderBy('user_id').execute()
        await trx.deleteFrom('assessment_panel_members').where('institution_id', '=', user.institutionId).where('framework_id', '=', frameworkId).where('user_id', 'not in', members.length > 0 ? members : [0]).execute()
        if (members.length > 0) {
          await trx
            .insertInto('assessment_panel_members')
            .values(members.map((id) => ({ institution_id: user.institutionId, framework_id: frameworkId, user_id: id, appointed_by: user.id })))
            .onConflict((conflict) => conflict.doNothing())
            .execute()
        }
        await trx.updateTable('institution_frameworks').set({ results_visible_to: input.visibility }).where('institution_id', '=', user.institutionId).where('framework_id', '=', frameworkId).execute()
        await auditBy(trx, user, 'assessment.panel', 'framework', frameworkId, { before: before.map((row) => row.user_id), after: [...members].sort((a, b) => a - b), visibility: input.visibility })
      })
    },
  }
}

export type SubjectAssessmentService = ReturnType<typeof createSubjectAssessmentService>
