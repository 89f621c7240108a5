import type { ColumnType, Generated } from 'kysely'

/**
 * The tables of assessment rounds and of the reports people draw from them (migrations/0022 and
 * 0023), apart from schema.ts so each file stays one read; `Database` in schema.ts lists them with the rest.
 */

/** Set by the database when the row is written; never updated. */
type WrittenAt = ColumnType<Date, Date | string | undefined, never>

/** An assessment round (migrations/0022_assessment_rounds.ts). */
export interface AssessmentRoundsTable {
  id: Generated<number>
  institution_id: number
  framework_id: number
  title: string
  opens_at: Date
  closes_at: Date
  /** The scope as chosen; null: any department, any role profile. */
  department_ids: number[] | null
  role_profile_ids: number[] | null
  reminder_days: ColumnType<number[], number[] | undefined, number[]>
  created_by: number | null
  created_at: WrittenAt
}

export interface RoundMembersTable {
  round_id: number
  user_id: number
  /** Their department when the round was opened. */
  department_id: number | null
  invited_at: Date | null
}

export interface RoundAnswersTable {
  round_id: number
  user_id: number
  competency_id: number
  rating_id: number
  answered_at: Date
}

export interface RoundRemindersTable {
  round_id: number
  key: string
  sent_by: number | null
  queued: Generated<number>
  at: WrittenAt
}

export interface RoundMailTable {
  round_id: number
  user_id: number
  key: string
  sent_at: WrittenAt
}

/** A feedback report shared by its person with their reviewer (migrations/0023_report_shares.ts). */
export interface ReportSharesTable {
  id: Generated<number>
  institution_id: number
  user_id: number
  framework_id: number
  reviewer_id: number
  shared_at: WrittenAt
  stopped_at: Date | null
}
