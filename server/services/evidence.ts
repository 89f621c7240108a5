import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { EVIDENCE_QUOTA_BYTES, evidenceFileName, isEvidenceType, sniffEvidence, type EvidenceType } from '../domain/evidence-file.js'
import { formatBytes } from '../domain/bytes.js'
import { readRefusal } from '../domain/visibility.js'
import { auditBy } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

/** A file in a person's evidence library, as the API and the pages show it. */
export interface EvidenceFile {
  readonly id: number
  readonly name: string
  readonly type: EvidenceType
  readonly bytes: number
  readonly sha256: string
  readonly uploadedAt: Date
}

/** A file with the competencies whose current self-ratings cite it, and whether any rating ever did. */
export interface LibraryFile extends EvidenceFile {
  readonly citedNow: readonly { readonly competencyId: number; readonly code: string }[]
  readonly cited: boolean
}

/** A file's bytes, to be sent as an attachment. */
export interface EvidenceDownload {
  readonly name: string
  readonly type: EvidenceType
  readonly content: Buffer
}

const fileColumns = ['id', 'name', 'content_type as type', 'bytes', 'sha256', 'created_at as uploadedAt'] as const

function asFile(row: { id: number; name: string; type: string; bytes: number; sha256: string; uploadedAt: Date | string }): EvidenceFile {
  return { ...row, type: isEvidenceType(row.type) ? row.type : 'application/pdf', uploadedAt: new Date(row.uploadedAt) }
}

/**
 * Evidence files: a person's own library of documents and pictures, kept in the database, cited by
 * their self-ratings (services/judgements.ts keeps which ones each rating cited). Nobody but the person
 * reads a file, unless the person asked for a review of a rating that cites it: then their reviewer
 * (HR, for a person without one) may, as long as the institution's setting lets them read the
 * person's ratings at all. Everyone else is told there is no such file (404), not that it is hidden.
 *
 * ```ts
 * const evidence = createEvidenceService(db)
 * const file = await evidence.upload(lecturer, { name: 'syllabus.pdf', content }) // { id, name, type: 'application/pdf', bytes, sha256 }
 * await ratings.rateSelf(lecturer, competencyId, { level: 3, evidenceFiles: [file.id] })
 * ```
 */
export function createEvidenceService(db: Kysely<Database>) {
  return {
    /**
     * Keeps a file in the person's library: 400 when its content is no kind we take (whatever its
     * name says), 413 past the person's quota. The same content uploaded again is the same file
     * (a double submit keeps one), and answers `created: false`.
     */
    async upload(user: SessionUser, input: { name: string; content: Buffer }): Promise<EvidenceFile & { readonly created: boolean }> {
      const sentName = input.name.slice(0, 400)
      if (input.content.length === 0) throw InvalidInputError.of('evidenceEmpty', {}, { file: 'empty' })
      const sniffed = sniffEvidence(input.content)
      if ('refused' in sniffed) {
        const shown = evidenceFileName(sentName, 'application/pdf').replace(/\.pdf$/, '')
        const code = sniffed.refused === 'macros' ? 'evidenceMacros' : sniffed.refused === 'badArchive' ? 'evidenceArchiveRefused' : 'evidenceTypeRefused'
        throw InvalidInputError.of(code, { name: shown }, { file: sniffed.refused })
      }
      const name = evidenceFileName(sentName, sniffed.type)
      const sha256 = createHash('sha256').update(input.content).digest('hex')
      return db.transaction().execute(async (trx) => {
        // One upload of a person at a time: the quota holds against two at once.
        await trx.selectFrom('users').select('id').where('id', '=', user.id).where('institution_id', '=', user.institutionId).forUpdate().executeTakeFirstOrThrow()
        const same = await trx.selectFrom('evidence_files').select(fileColumns).where('user_id', '=', user.id).where('sha256', '=', sha256).executeTakeFirst()
        if (same !== undefined) return { ...asFile(same), created: false }
        const { used } = await trx
          .selectFrom('evidence_files')
          .select(sql<string>`coalesce(sum(bytes), 0)`.as('used'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
        if (Number(used) + input.content.length > EVIDENCE_QUOTA_BYTES) throw ConflictError.of('evidenceQuotaFull', { limit: formatBytes(EVIDENCE_QUOTA_BYTES) })
        const row = await trx
          .insertInto('evidence_files')
          .values({ institution_id: user.institutionId, user_id: user.id, name, content_type: sniffed.type, bytes: input.content.length, sha256, content: input.content })
          .returning(fileColumns)
          .executeTakeFirstOrThrow()
        await auditBy(trx, user, 'evidence.upload', 'evidence', row.id, { type: sniffed.type, bytes: input.content.length })
        return { ...asFile(row), created: true }
      })
    },

    /** The person's files, newest first, each with the competencies whose current rating cites it. */
    async library(user: SessionUser): Promise<LibraryFile[]> {
      const [files, citations, everCited] = await Promise.all([
        db.selectFrom('evidence_files').select(fileColumns).where('user_id', '=', user.id).where('institution_id', '=', user.institutionId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
        db
          .selectFrom('current_ratings')
          .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
          .select(['current_ratings.competency_id as competencyId', 'competencies.code', 'current_ratings.evidence_files as files'])
          .where('current_ratings.user_id', '=', user.id)
          .where('current_ratings.institution_id', '=', user.institutionId)
          .where(sql<boolean>`cardinality(current_ratings.evidence_files) > 0`)
          .orderBy('competencies.code')
          .execute(),
        sql<{ id: number }>`select distinct unnest(evidence_files) as id from ratings where user_id = ${user.id} and institution_id = ${user.institutionId} and cardinality(evidence_files) > 0`.execute(db),
      ])
      const cited = new Set(everCited.rows.map((row) => Number(row.id)))
      return files.map((row) => ({
        ...asFile(row),
        citedNow: citations.filter((citation) => citation.files.map(Number).includes(row.id)).map(({ competencyId, code }) => ({ competencyId, code })),
        cited: cited.has(row.id),
      }))
    },

    /** The files of these ids, the person's own, in the order given (for a rating's citations). */
    async named(user: SessionUser, ids: readonly number[]): Promise<EvidenceFile[]> {
      if (ids.length === 0) return []
      const rows = await db.selectFrom('evidence_files').select(fileColumns).where('user_id', '=', user.id).where('id', 'in', [...ids]).execute()
      const byId = new Map(rows.map((row) => [row.id, asFile(row)]))
      return ids.flatMap((id) => byId.get(id) ?? [])
    },

    /**
     * A file's bytes for the actor: their own, or one cited by a rating of a person who asked the
     * actor for its review (the actor being that person's reviewer now, or HR for a person without
     * one) where the institution's setting lets the actor read that person's ratings. Anyone else:
     * 404, as for a file that does not exist.
     */
    async download(actor: SessionUser, fileId: number): Promise<EvidenceDownload> {
      const file = await db
        .selectFrom('evidence_files')
        .innerJoin('users as owner', 'owner.id', 'evidence_files.user_id')
        .innerJoin('institutions', 'institutions.id', 'evidence_files.institution_id')
        .leftJoin('rating_shares', (join) => join.onRef('rating_shares.user_id', '=', 'owner.id').onRef('rating_shares.institution_id', '=', 'owner.institution_id'))
        .select(['evidence_files.id', 'evidence_files.user_id as ownerId', 'evidence_files.name', 'evidence_files.content_type as type', 'evidence_files.content', 'owner.reviewer_id as reviewerId', 'rating_shares.reviewer_id as sharedWithId', 'institutions.rating_visibility as mode'])
        .where('evidence_files.id', '=', fileId)
        .where('evidence_files.institution_id', '=', actor.institutionId)
        .executeTakeFirst()
      const missing = () => NotFoundError.of('notFound', { thing: 'evidence', id: fileId })
      if (file === undefined || !isEvidenceType(file.type)) throw missing()
      if (file.ownerId !== actor.id) {
        const reviews = file.reviewerId === actor.id || (file.reviewerId === null && actor.role === 'hr')
        if (!reviews || readRefusal(file.mode, { reviewerId: file.reviewerId, sharedWithId: file.sharedWithId }) !== undefined) throw missing()
        // Asked about: a review cites the file through the rating it was asked on, or, while open,
        // through the person's current rating of that competency.
        const asked = await sql<{ one: number }>`
          select 1 as one from reviews r
          left join current_ratings c on c.user_id = r.user_id and c.competency_id = r.competency_id and r.status = 'open'
          join ratings asked on asked.id = r.rating_id
          where r.user_id = ${file.ownerId} and r.institution_id = ${actor.institutionId}
            and (${fileId} = any(asked.evidence_files) or ${fileId} = any(coalesce(c.evidence_files, '{}')))
          limit 1`.execute(db)
        if (asked.rows.length === 0) throw missing()
      }
      return { name: file.name, type: file.type, content: file.content }
    },

    /** Deletes a file of the person's that no rating has cited; 409 when one has (it stays with that rating's history). */
    async remove(user: SessionUser, fileId: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // The row lock first: a save citing the file waits or is seen (services/ratings.ts checks after).
        const file = await trx.selectFrom('evidence_files').select(['id', 'name']).where('id', '=', fileId).where('user_id', '=', user.id).where('institution_id', '=', user.institutionId).forUpdate().executeTakeFirst()
        if (file === undefined) throw NotFoundError.of('notFound', { thing: 'evidence', id: fileId })
        const cited = await sql<{ one: number }>`select 1 as one from ratings where user_id = ${user.id} and ${fileId} = any(evidence_files) limit 1`.execute(trx)
        if (cited.rows.length > 0) throw ConflictError.of('evidenceCited', { name: file.name })
        await trx.deleteFrom('evidence_files').where('id', '=', fileId).execute()
        await auditBy(trx, user, 'evidence.delete', 'evidence', fileId)
      })
    },
  }
}

export type EvidenceService = ReturnType<typeof createEvidenceService>
