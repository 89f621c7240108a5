import { sql, type Kysely } from 'kysely'
import { mintedFrameworkIdentifier, mintedNodeIdentifier } from '../server/domain/case-identity.js'

/**
 * CASE identity (server/domain/case-identity.ts): `frameworks.case_identifier` (the CFDocument's,
 * shared by a framework's versions) and `competencies.case_identifier` (the CFItem's, unique in a
 * version). Loaded versions get the identifiers their CASE package gave, which the importer kept in
 * the source notes ("CASE CFDocument <uuid>", "CASE <uuid>") where they are RFC 4122 UUIDs as CASE
 * asks (the importer keeps only those now), else the minted ones.
 */
const NOTED = /^CASE (?:CFDocument )?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})\b/

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column case_identifier uuid`.execute(db)
  await sql`alter table competencies add column case_identifier uuid`.execute(db)
  const frameworks = await sql<{ id: number; slug: string; source: { note?: string }[] }>`select id, slug, source from frameworks`.execute(db)
  const slugs = new Map<number, string>()
  for (const framework of frameworks.rows) {
    slugs.set(framework.id, framework.slug)
    const noted = framework.source.map((source) => NOTED.exec(source.note ?? '')?.[1]).find((identifier) => identifier !== undefined)
    await sql`update frameworks set case_identifier = ${noted ?? mintedFrameworkIdentifier(framework.slug)} where id = ${framework.id}`.execute(db)
  }
  const nodes = await sql<{ id: number; framework_id: number; code: string; source: { note?: string } }>`select id, framework_id, code, source from competencies order by id`.execute(db)
  const taken = new Set<string>()
  for (const node of nodes.rows) {
    const noted = NOTED.exec(node.source.note ?? '')?.[1]?.toLowerCase()
    let identifier = noted ?? mintedNodeIdentifier(slugs.get(node.framework_id)!, node.code)
    if (taken.has(`${node.framework_id}:${identifier}`)) identifier = mintedNodeIdentifier(slugs.get(node.framework_id)!, `${node.code}#${node.id}`)
    taken.add(`${node.framework_id}:${identifier}`)
    await sql`update competencies set case_identifier = ${identifier} where id = ${node.id}`.execute(db)
  }
  await sql`alter table frameworks alter column case_identifier set not null`.execute(db)
  await sql`alter table competencies alter column case_identifier set not null`.execute(db)
  await sql`create unique index competencies_case_identifier on competencies (framework_id, case_identifier)`.execute(db)
  await sql`create index frameworks_case_identifier on frameworks (case_identifier)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table competencies drop column case_identifier`.execute(db)
  await sql`alter table frameworks drop column case_identifier`.execute(db)
}
