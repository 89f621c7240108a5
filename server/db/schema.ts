import type { RateableRule } from '../domain/case-rateable.js'
import type { FrameworkAssociation } from '../domain/framework-file.js'
import type { CaseDocumentKept, CaseItemKept } from '../domain/case-kept.js'
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { ActivityStatus } from '../domain/activities.js'
import type { CrosswalkRelation } from '../domain/crosswalk-file.js'
import type { AssessmentSubject } from '../domain/framework-use.js'
import type { PanelCapacity, ResultsVisibility } from '../domain/subject-assessment.js'
import type { FrameworkStatus, LevelDescriptor, NodeKind, RatingSource, SourceRef, StaffGroup } from '../domain/framework.js'
import type { ProgrammeMode } from '../domain/programme.js'
import type { Role } from '../domain/roles.js'
import type { Scale } from '../domain/scale.js'
import type { Translations } from '../domain/translations.js'
import type { RatingVisibility } from '../domain/visibility.js'
import type { CredentialLevelsTable, CredentialsTable, IssuerKeysTable } from './schema-credentials.js'
import type { IdentityProvidersTable, SamlRequestsTable, ScimGroupMembersTable, ScimGroupsTable, ScimTokensTable, ScimUsersTable, SignInThrottleTable, UserIdentitiesTable } from './schema-identity.js'
import type { EvidenceFilesTable, ReviewMailTable, ReviewRequestsTable, ReviewsTable } from './schema-reviews.js'
import type { AssessmentRoundsTable, ReportSharesTable, RoundAnswersTable, RoundMailTable, RoundMembersTable, RoundRemindersTable } from './schema-rounds.js'

/**
 * Table types of migrations/, kept by hand beside them (test/db/schema-matches.test.ts compares them
 * with the migrated database). The domain owns the value types the columns hold.
 */
export interface Database {
  frameworks: FrameworksTable
  competencies: CompetenciesTable
  institutions: InstitutionsTable
  departments: DepartmentsTable
  role_profiles: RoleProfilesTable
  role_profile_targets: RoleProfileTargetsTable
  users: UsersTable
  ratings: RatingsTable
  current_ratings: CurrentRatingsTable
  current_validations: CurrentValidationsTable
  personal_targets: PersonalTargetsTable
  programmes: ProgrammesTable
  programme_competencies: ProgrammeCompetenciesTable
  pd_activities: PdActivitiesTable
  audit_log: AuditLogTable
  sign_in_throttle: SignInThrottleTable
  framework_transitions: FrameworkTransitionsTable
  crosswalk_links: CrosswalkLinksTable
  rating_shares: RatingSharesTable
  institution_frameworks: InstitutionFrameworksTable
  assessment_panel_members: AssessmentPanelMembersTable
  subject_ratings: SubjectRatingsTable
  idempotency_keys: IdempotencyKeysTable
  report_person_sums: ReportPersonSumsTable
  report_sums_stale: ReportSumsStaleTable
  assessment_rounds: AssessmentRoundsTable
  round_members: RoundMembersTable
  round_answers: RoundAnswersTable
  round_reminders: RoundRemindersTable
  report_shares: ReportSharesTable
  round_mail: RoundMailTable
  evidence_files: EvidenceFilesTable
  review_requests: ReviewRequestsTable
  reviews: ReviewsTable
  review_mail: ReviewMailTable
  issuer_keys: IssuerKeysTable
  credentials: CredentialsTable
  credential_levels: CredentialLevelsTable
  identity_providers: IdentityProvidersTable
  user_identities: UserIdentitiesTable
  saml_requests: SamlRequestsTable
  scim_tokens: ScimTokensTable
  scim_users: ScimUsersTable
  scim_groups: ScimGroupsTable
  scim_group_members: ScimGroupMembersTable
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>


export interface FrameworksTable {
  id: Generated<number>
  slug: string
  version: string
  title: string
  publisher: string
  description: Generated<string>
  /** The title and description in other languages, keyed by language. */
  translations: Json<Translations>
  status: FrameworkStatus
  languages: Json<string[]>
  scale: Json<Scale>
  staff_groups: Json<StaffGroup[]>
  source: Json<SourceRef[]>
  content_hash: string
  loaded_at: CreatedAt
  /** What the framework assesses (0016). */
  subject: ColumnType<AssessmentSubject, AssessmentSubject | undefined, AssessmentSubject>
  /** The CASE identifier, shared by the framework's versions (0027, domain/case-identity.ts). */
  case_identifier: string
  /** CASE associations besides the tree, each with its identifier (0028). */
  associations: ColumnType<FrameworkAssociation[], string | undefined, string>
  /** Where the version was fetched from (a CASE server's CFPackages address), and its CFDocument's lastChangeDateTime (0029). */
  case_source_url: ColumnType<string | null, string | null | undefined, string | null>
  case_last_change: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** What its CASE package said that the columns above do not (0030, domain/case-kept.ts). */
  case_details: ColumnType<CaseDocumentKept, string | undefined, string>
  /** Which items of its CASE package it rates, as chosen at import (0031, domain/case-rateable.ts); null: not read from CASE, or the default. */
  case_rateable: ColumnType<RateableRule | null, string | null | undefined, string | null>
}

export interface CompetenciesTable {
  id: Generated<number>
  framework_id: number
  parent_id: number | null
  code: string
  kind: NodeKind
  position: number
  title: string
  description: Generated<string>
  level_descriptors: Json<Record<string, LevelDescriptor>>
  applies_to: Json<string[]>
  importance: Generated<number>
  translations: Json<Translations>
  source: Json<SourceRef>
  /** The CASE identifier of the item, unique in its version and kept across versions (0027). */
  case_identifier: string
  /** What its CASE item said that the columns above do not (0030, domain/case-kept.ts). */
  case_details: ColumnType<CaseItemKept, string | undefined, string>
}

export interface InstitutionsTable {
  id: Generated<number>
  name: string
  country: Generated<string>
  framework_id: number
  min_group_size: Generated<number>
  stale_after_months: Generated<number>
  /** What HR and reviewers see of a person's self-ratings (server/domain/visibility.ts). */
  rating_visibility: ColumnType<RatingVisibility, RatingVisibility | undefined, RatingVisibility>
  /** IANA name; 'UTC' until HR choose (migrations/0026_institution_time_zone.ts). */
  time_zone: ColumnType<string, string | undefined, string>
  /** Reviewers are reminded of a review waiting this many days (0032). */
  review_reminder_days: Generated<number>
  /** Whether its people may sign in with a password; off only while it has a sign-in provider (0034). */
  password_sign_in: Generated<boolean>
  created_at: CreatedAt
}

export interface DepartmentsTable {
  id: Generated<number>
  institution_id: number
  name: string
  disabled_at: Date | null
}

export interface RoleProfilesTable {
  id: Generated<number>
  institution_id: number
  framework_id: number
  code: string
  name: string
  description: Generated<string>
}

export interface RoleProfileTargetsTable {
  role_profile_id: number
  competency_id: number
  level: number
}

export interface UsersTable {
  id: Generated<number>
  institution_id: number
  email: string
  name: string
  password_hash: string | null
  /** The domain owns the roles (server/domain/roles.ts); the column is typed with them. */
  role: Role
  department_id: number | null
  role_profile_id: number | null
  reviewer_id: number | null
  locale: string | null
  /** The languages the person can take programmes in; null: the app's language stands for them. */
  study_languages: Json<string[]> | null
  token_version: Generated<number>
  disabled_at: Date | null
  created_at: CreatedAt
}

export interface RatingsTable {
  id: Generated<number>
  institution_id: number
  user_id: number
  competency_id: number
  level: number
  evidence: Generated<string>
  evidence_url: string | null
  source: RatingSource
  rated_by: number | null
  created_at: CreatedAt
  /** The rating of an earlier framework version this one was carried from (0008). */
  carried_from: ColumnType<number | null, number | null | undefined, never>
  /** The evidence files this self-rating cited, sorted (0032). */
  evidence_files: Generated<number[]>
}

export interface CurrentRatingsTable {
  institution_id: number
  user_id: number
  competency_id: number
  level: number
  /** The current rating's evidence, beside its level (0018): a save compares with it under the row lock. */
  evidence: Generated<string>
  evidence_url: Generated<string | null>
  evidence_files: Generated<number[]>
  rating_id: number
  updated_at: Date | string
}

export interface CurrentValidationsTable {
  institution_id: number
  user_id: number
  competency_id: number
  level: number
  rating_id: number
  self_rating_id: number
  reviewer_id: number
  comment: Generated<string>
  updated_at: Date | string
}

export interface PersonalTargetsTable {
  user_id: number
  competency_id: number
  level: number
}

export interface ProgrammesTable {
  id: Generated<number>
  code: string
  title: string
  provider: string
  mode: ProgrammeMode
  hours: number
  languages: Json<string[]>
  url: string | null
  description: Generated<string>
  translations: Json<Translations>
  published: Generated<boolean>
  catalogue: Generated<string>
  updated_at: Generated<Date | string>
}

export interface ProgrammeCompetenciesTable {
  programme_id: number
  competency_id: number
  from_level: number
  to_level: number
}

export interface PdActivitiesTable {
  id: Generated<number>
  institution_id: number
  user_id: number
  programme_id: number | null
  title: string
  status: ActivityStatus
  hours: number | null
  started_at: string | null
  completed_at: string | null
  certificate_url: string | null
  notes: Generated<string>
  created_at: CreatedAt
  updated_at: Generated<Date>
  /** The person asked for the completion to be confirmed (a credential follows; 0033). */
  confirmation_asked_at: Date | null
  confirmed_by: number | null
  confirmed_at: Date | null
}

export interface AuditLogTable {
  id: Generated<number>
  institution_id: number | null
  actor_id: number | null
  action: string
  entity: string
  entity_id: string | null
  data: Json<Record<string, unknown>>
  at: CreatedAt
}

export interface FrameworkTransitionsTable {
  id: Generated<number>
  from_framework_id: number
  to_framework_id: number
  code_map: Json<Record<string, string | null>>
  actor_id: number | null
  created_at: CreatedAt
}

export interface CrosswalkLinksTable {
  id: Generated<number>
  crosswalk: string
  from_slug: string
  from_code: string
  to_slug: string
  to_code: string
  relation: CrosswalkRelation
  note: Generated<string>
}

/** A person's share of their self-ratings with the reviewer they had when they shared. */
export interface RatingSharesTable {
  institution_id: number
  user_id: number
  reviewer_id: number
  shared_at: CreatedAt
}

/** The frameworks an institution uses, in the order it shows them (0016). */
export interface InstitutionFrameworksTable {
  institution_id: number
  framework_id: number
  position: number
  purpose: Generated<string>
  /** Role profile codes the framework is meant for; empty for everyone. */
  audience: ColumnType<string[], string | undefined, string>
  added_at: CreatedAt
  /** Who reads a unit or institution assessment's results besides HR and its panel (0017). */
  results_visible_to: ColumnType<ResultsVisibility, ResultsVisibility | undefined, ResultsVisibility>
}

export interface AssessmentPanelMembersTable {
  institution_id: number
  framework_id: number
  user_id: number
  appointed_by: number | null
  appointed_at: CreatedAt
}

/** One judgement of a unit or the institution on one area, appended and never changed. */
/** What an API write answered to a client's Idempotency-Key (0019); no status while it is being answered. */
export interface IdempotencyKeysTable {
  user_id: number
  key: string
  method: string
  path: string
  request_hash: string
  status: number | null
  response: ColumnType<object | string | number | boolean | null, string | null, string | null>
  created_at: CreatedAt
}

/** Derived: the gap report's sums per person, framework, basis and domain (0020, services/report-sums.ts). */
export interface ReportPersonSumsTable {
  framework_id: number
  institution_id: number
  user_id: number
  basis: 'self' | 'validated'
  node_id: number
  /** Competencies rated, and the sum of their levels. */
  rated_pairs: number
  level_sum: number
  /**
   * Competencies rated and with a target, the sum of the shortfalls below those targets, and how many
   * are below. A competency not rated is unknown, never a gap: it counts in none of these.
   */
  target_pairs: number
  gap_sum: number
  below_pairs: number
}

/** (framework, person) pairs whose report sums no longer hold, marked by triggers (0020). */
export interface ReportSumsStaleTable {
  framework_id: number
  institution_id: number
  user_id: number
  marked_at: CreatedAt
}

export interface SubjectRatingsTable {
  id: Generated<number>
  institution_id: number
  framework_id: number
  /** The department assessed; null for the institution. */
  unit_id: number | null
  competency_id: number
  level: number
  evidence: Generated<string>
  comment: Generated<string>
  rated_by: number
  rater_role: PanelCapacity
  created_at: CreatedAt
}

export type FrameworkRow = Selectable<FrameworksTable>
/** What a page needs to name a framework in the reader's language. */
export type FrameworkTitle = Pick<FrameworkRow, 'title' | 'translations'>
export type CompetencyRow = Selectable<CompetenciesTable>
export type UserRow = Selectable<UsersTable>
export type NewCompetency = Insertable<CompetenciesTable>
