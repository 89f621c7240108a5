import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** Whether the database answers, within `timeoutMs`. */
export function createHealthService(db: Kysely<Database>, timeoutMs = 2_000) {
  return {
    async databaseAnswers(): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      })
      const probe = sql`select 1`.execute(db).then(
        () => true,
        () => false,
      )
      try {
        return await Promise.race([probe, timeout])
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
