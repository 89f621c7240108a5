import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export interface AuditEntry {
  readonly institutionId: number | null
  readonly actorId: number | null
  /** What happened, as `area.verb`: `rating.self`, `staff.import`, ... */
  readonly action: string
  /** The kind of thing it happened to: `competency`, `staff`, `department`, ... */
  readonly entity: string
  readonly entityId: number | string | null
  readonly data: Readonly<Record<string, unknown>>
}

/**
 * Appends one entry to the audit log, inside the caller's transaction, so the entry and the change it
 * describes are written together or not at all. The log is append-only.
 *
 * ```ts
 * await appendAudit(trx, { institutionId, actorId: user.id, action: 'target.set', entity: 'competency', entityId: 12, data: { level: 3 } })
 * ```
 */
export async function appendAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      institution_id: entry.institutionId,
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      data: JSON.stringify(entry.data),
    })
    .execute()
}

/** The same, for a change a signed-in person makes in their own institution. */
export function auditBy(trx: Kysely<Database>, user: { id: number; institutionId: number }, action: string, entity: string, entityId: number | string, data: Readonly<Record<string, unknown>> = {}): Promise<void> {
  return appendAudit(trx, { institutionId: user.institutionId, actorId: user.id, action, entity, entityId, data })
}
