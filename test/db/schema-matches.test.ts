import { readdirSync, readFileSync } from 'node:fs'
import { sql } from 'kysely'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'

/**
 * server/db/schema.ts is kept by hand beside migrations/: this compares it with a migrated database,
 * table by table and column by column (names, and whether a column may hold null), so the two
 * cannot drift apart unseen.
 */
// schema.ts and the area files beside it (schema-rounds.ts, ...), read as one source.
const schemaSource = readdirSync(new URL('../../server/db/', import.meta.url))
  .filter((file) => /^schema(-[a-z-]+)?\.ts$/.test(file))
  .sort()
  .map((file) => readFileSync(new URL(`../../server/db/${file}`, import.meta.url), 'utf8'))
  .join('\n')

interface DeclaredColumn {
  readonly name: string
  readonly nullable: boolean
}

t.test('every table and column of schema.ts is the migrated database’s, nullability included', async (t) => {
  const declared = declaredTables(schemaSource)
  const database = await createTestDatabase()
  t.teardown(() => database.close())
  const rows = (
    await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      select c.table_name, c.column_name, c.is_nullable
      from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'
      order by c.table_name, c.ordinal_position`.execute(database.db)
  ).rows
  const migrated = new Map<string, DeclaredColumn[]>()
  for (const row of rows) migrated.set(row.table_name, [...(migrated.get(row.table_name) ?? []), { name: row.column_name, nullable: row.is_nullable === 'YES' }])

  t.same([...declared.keys()].sort(), [...migrated.keys()].sort(), 'the Database interface names every table, and only them')
  for (const [table, columns] of declared) {
    const actual = migrated.get(table) ?? []
    t.same(columns.map((column) => column.name).sort(), actual.map((column) => column.name).sort(), `${table}: the same columns`)
    const nullability = (list: readonly DeclaredColumn[]) => Object.fromEntries(list.map((column) => [column.name, column.nullable]))
    t.same(nullability(columns), nullability(actual), `${table}: null allowed in the type exactly where the column allows it`)
  }
})

t.test('the reader of schema.ts understands its forms', async (t) => {
  const source = `
export interface Database {
  things: ThingsTable
}
/** a comment: with a colon */
export interface ThingsTable {
  id: Generated<number>
  /** Spread over
   * two lines: still a comment. */
  name: string | null
  data: Json<Record<string, string | null>>
  carried: ColumnType<number | null, number | null | undefined, never>
  at: CreatedAt
}`
  t.same([...declaredTables(source)], [
    [
      'things',
      [
        { name: 'id', nullable: false },
        { name: 'name', nullable: true },
        { name: 'data', nullable: false },
        { name: 'carried', nullable: true },
        { name: 'at', nullable: false },
      ],
    ],
  ])
  t.throws(() => declaredTables('export interface Database {\n  things: ThingsTable\n}'), /ThingsTable/)
})

/** Table name -> its columns, read from the `Database` interface and the interfaces it names. */
function declaredTables(source: string): Map<string, DeclaredColumn[]> {
  const uncommented = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
  const tables = new Map<string, DeclaredColumn[]>()
  for (const { name: table, type: interfaceName } of members(interfaceBody(uncommented, 'Database'))) {
    tables.set(
      table,
      members(interfaceBody(uncommented, interfaceName)).map(({ name, type }) => ({ name, nullable: topLevelUnion(selectType(type)).includes('null') })),
    )
  }
  return tables
}

function interfaceBody(source: string, name: string): string {
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(source)?.[1]
  if (body === undefined) throw new Error(`schema.ts has no interface ${name}`)
  return body
}

/** The `name: type` lines of an interface body, one member a line. */
function members(body: string): { name: string; type: string }[] {
  return body
    .split('\n')
    .map((line) => /^\s*(\w+)\??:\s*(.+?)\s*$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ name: match[1]!, type: match[2]! }))
}

/** The type a select reads: the first argument of ColumnType, Generated or Json, else the type itself. */
function selectType(type: string): string {
  const wrapped = /^(?:ColumnType|Generated|Json)<(.*)>$/.exec(type)
  return wrapped ? topLevelSplit(wrapped[1]!, ',')[0]!.trim() : type
}

function topLevelUnion(type: string): string[] {
  return topLevelSplit(type, '|').map((member) => member.trim())
}

/** Splits at `separator` outside <...>, {...}, (...) and [...]. */
function topLevelSplit(text: string, separator: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!
    if ('<{(['.includes(character)) depth++
    else if ('>})]'.includes(character)) depth--
    else if (character === separator && depth === 0) {
      parts.push(text.slice(start, index))
      start = index + 1
    }
  }
  return [...parts, text.slice(start)]
}
