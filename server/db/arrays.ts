import { sql, type RawBuilder } from 'kysely'

/**
 * An integer[] value for a column, as PostgreSQL's array literal: node-postgres and PGlite each turn
 * a JavaScript array into a parameter their own way, the literal reads alike in both.
 *
 * ```ts
 * await db.insertInto('ratings').values({ ..., evidence_files: integerArray([3, 7]) })
 * ```
 */
export function integerArray(values: readonly number[]): RawBuilder<number[]> {
  for (const value of values) if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`)
  return sql<number[]>`${`{${values.join(',')}}`}::integer[]`
}
