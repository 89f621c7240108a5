import { sql, type Kysely } from 'kysely'

/**
 * Assessments of a unit or of the whole institution (the IIOE QA self-assessment), made by a panel.
 *
 * - `assessment_panel_members`: the people HR appoints to assess for one framework the institution
 *   uses (HR themselves may always). Gone with the use: a framework the institution stops using has no panel.
 * - `subject_ratings`: every judgement, appended and never changed: the subject (the institution when
 *   `unit_id` is null, else that department), the area, the level (0: not in place yet), the evidence and
 *   comment, who made it and in which capacity. The current level of an area is its latest row.
 * - `institution_frameworks.results_visible_to`: who reads the results of a unit or institution
 *   assessment besides HR and the panel: nobody else (`panel`) or all staff of the institution (`staff`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table institution_frameworks add column results_visible_to text not null default 'panel'
      check (results_visible_to in ('panel', 'staff'))`.execute(db)
  await sql`
    create table assessment_panel_members (
      institution_id integer not null,
      framework_id integer not null,
      user_id integer not null references users(id),
      appointed_by integer references users(id),
      appointed_at timestamptz not null default now(),
      primary key (institution_id, framework_id, user_id),
      foreign key (institution_id, framework_id) references institution_frameworks (institution_id, framework_id)
        on delete cascade on update cascade
    )`.execute(db)
  await sql`
    create table subject_ratings (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      framework_id integer not null references frameworks(id),
      unit_id integer,
      competency_id integer not null references competencies(id),
      level integer not null check (level >= 0),
      evidence text not null default '' check (length(evidence) <= 4000),
      comment text not null default '' check (length(comment) <= 4000),
      rated_by integer not null references users(id),
      rater_role text not null check (rater_role in ('hr', 'panel')),
      created_at timestamptz not null default now(),
      foreign key (institution_id, unit_id) references departments (institution_id, id)
    )`.execute(db)
  await sql`create index subject_ratings_subject on subject_ratings (institution_id, framework_id, unit_id, competency_id, id desc)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table subject_ratings`.execute(db)
  await sql`drop table assessment_panel_members`.execute(db)
  await sql`alter table institution_frameworks drop column results_visible_to`.execute(db)
}
