import { sql, type Kysely } from 'kysely'

/**
 * The languages a person can take a programme in (codes such as en, fr, zh), for their learning path:
 * null until they say, when the language they read the app in stands for it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column study_languages jsonb
    constraint users_study_languages_list check (study_languages is null or (jsonb_typeof(study_languages) = 'array' and jsonb_array_length(study_languages) between 1 and 20))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column study_languages`.execute(db)
}
