import type { ColumnType, Generated } from 'kysely'
import type { ReviewStatus } from '../domain/reviews.js'

type WrittenAt = ColumnType<Date, Date | string | undefined, never>

/** Evidence files, review requests and their mail (migrations/0032_evidence_and_reviews.ts). */
export interface EvidenceFilesTable {
  id: Generated<number>
  institution_id: number
  user_id: number
  name: string
  content_type: string
  bytes: number
  sha256: string
  content: Buffer
  created_at: WrittenAt
}

export interface ReviewRequestsTable {
  id: Generated<number>
  institution_id: number
  user_id: number
  /** Null: the institution's HR review (the person has no reviewer). */
  reviewer_id: number | null
  message: Generated<string>
  created_at: WrittenAt
}

export interface ReviewsTable {
  id: Generated<number>
  request_id: number
  institution_id: number
  user_id: number
  competency_id: number
  /** The self-rating the review was asked on. */
  rating_id: number
  status: ColumnType<ReviewStatus, ReviewStatus | undefined, ReviewStatus>
  decided_by: number | null
  /** The validation the decision wrote (ratings, source 'reviewer'). */
  validation_id: number | null
  level: number | null
  comment: Generated<string>
  decided_at: Date | null
  seen_at: Date | null
}

export interface ReviewMailTable {
  request_id: number
  user_id: number
  key: string
  sent_at: WrittenAt
}
