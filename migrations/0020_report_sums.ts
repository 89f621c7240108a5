import { sql, type Kysely } from 'kysely'

/**
 * The HR gap report's sums per person, framework, basis and domain, kept so a report of 20,000 staff
 * adds up 120,000 stored rows instead of joining every person with every competency and target
 * (services/report-sums.ts).
 *
 * - `report_person_sums`: per person, framework, basis (self, validated) and domain: how many of the
 *   person's competencies there are rated and their levels' sum, how many have a target, the gap sum
 *   and how many are below target. Derived data: recomputed from the same statement the report used
 *   to run on the fly, never edited.
 * - `report_sums_stale`: (framework, person) pairs whose sums no longer hold. Triggers mark them in
 *   the transaction that changes what the sums are made of (current ratings and validations, personal
 *   targets, the targets of role profiles, which profile a person holds, a framework's competencies,
 *   an institution starting to use a framework); the report claims the marks and recomputes them
 *   before it adds up. A mark is an upsert that takes the row's lock, so a report claiming it waits
 *   for the change to commit, then recomputes in a later snapshot that sees it; a change committing
 *   after the claim leaves its own mark for the next report.
 *
 * During a restore (server/db/backup.ts) the triggers stay quiet: both tables are restored as they
 * were backed up, in the same snapshot as the rest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_person_sums (
      framework_id integer not null references frameworks(id) on delete cascade,
      -- The person's institution when added up: a report reads one range of the key.
      institution_id integer not null,
      user_id integer not null references users(id) on delete cascade,
      basis text not null check (basis in ('self', 'validated')),
      node_id integer not null,
      rated_pairs integer not null,
      level_sum integer not null,
      target_pairs integer not null,
      gap_sum integer not null,
      below_pairs integer not null,
      primary key (framework_id, basis, institution_id, user_id, node_id)
    )`.execute(db)
  await sql`create index report_person_sums_user on report_person_sums (user_id)`.execute(db)
  await sql`
    create table report_sums_stale (
      framework_id integer not null references frameworks(id) on delete cascade,
      -- The person's institution: whether a report has anything to recompute is one index probe.
      institution_id integer not null,
      user_id integer not null references users(id) on delete cascade,
      marked_at timestamptz not null default clock_timestamp(),
      primary key (framework_id, institution_id, user_id)
    )`.execute(db)
  await sql`create index report_sums_stale_user on report_sums_stale (user_id)`.execute(db)

  // A person's rating, validation or personal target of one competency: that framework, that person.
  await sql`
    create function report_sums_mark_person_competency() returns trigger language plpgsql as $$
    begin
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return null;
      end if;
      if tg_op <> 'DELETE' then
        insert into report_sums_stale (framework_id, institution_id, user_id)
        select c.framework_id, u.institution_id, u.id from competencies c join users u on u.id = new.user_id where c.id = new.competency_id
        on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at;
      end if;
      if tg_op <> 'INSERT' then
        -- (Not when the person or the framework is being deleted with it.)
        insert into report_sums_stale (framework_id, institution_id, user_id)
        select c.framework_id, u.institution_id, u.id from competencies c join users u on u.id = old.user_id where c.id = old.competency_id
        on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at;
      end if;
      return null;
    end $$`.execute(db)
  for (const table of ['current_ratings', 'current_validations', 'personal_targets']) {
    const name = sql.table(table)
    await sql`
      create trigger ${sql.raw(`${table}_report_sums_change`)} after insert or delete on ${name}
      for each row execute function report_sums_mark_person_competency()`.execute(db)
    // Evidence alone changes no figure.
    await sql`
      create trigger ${sql.raw(`${table}_report_sums_update`)} after update on ${name}
      for each row when (old.level is distinct from new.level or old.competency_id <> new.competency_id or old.user_id <> new.user_id)
      execute function report_sums_mark_person_competency()`.execute(db)
  }

  // The targets of a role profile in framework F are the targets in F of everyone holding a profile
  // of the same code in that institution. A statement at a time: HR saves a profile's targets at once.
  await sql`
    create function report_sums_mark_profile_holders() returns trigger language plpgsql as $$
    begin
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return null;
      end if;
      insert into report_sums_stale (framework_id, institution_id, user_id)
      select distinct p.framework_id, u.institution_id, u.id
      from (select role_profile_id from changed_rows) changed
      join role_profiles p on p.id = changed.role_profile_id
      join role_profiles held on held.institution_id = p.institution_id and held.code = p.code
      join users u on u.role_profile_id = held.id
      on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at;
      return null;
    end $$`.execute(db)
  await sql`
    create trigger role_profile_targets_report_sums_insert after insert on role_profile_targets
    referencing new table as changed_rows for each statement execute function report_sums_mark_profile_holders()`.execute(db)
  await sql`
    create trigger role_profile_targets_report_sums_update after update on role_profile_targets
    referencing new table as changed_rows for each statement execute function report_sums_mark_profile_holders()`.execute(db)
  await sql`
    create trigger role_profile_targets_report_sums_delete after delete on role_profile_targets
    referencing old table as changed_rows for each statement execute function report_sums_mark_profile_holders()`.execute(db)

  // A profile added, removed or recoded changes whose targets it gives in its framework, and the
  // targets everywhere of the people holding it.
  await sql`
    create function report_sums_mark_profile() returns trigger language plpgsql as $$
    begin
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return null;
      end if;
      if tg_op <> 'INSERT' then
        perform report_sums_mark_profile_code(old.institution_id, old.framework_id, old.code, old.id);
      end if;
      if tg_op <> 'DELETE' then
        perform report_sums_mark_profile_code(new.institution_id, new.framework_id, new.code, new.id);
      end if;
      return null;
    end $$`.execute(db)
  await sql`
    create function report_sums_mark_profile_code(institution integer, framework integer, profile_code text, profile integer) returns void language sql as $$
      insert into report_sums_stale (framework_id, institution_id, user_id)
      select framework, u.institution_id, u.id from users u join role_profiles held on held.id = u.role_profile_id
      where held.institution_id = institution and held.code = profile_code
      union
      select f.framework_id, u.institution_id, u.id from users u join institution_frameworks f on f.institution_id = u.institution_id
      where u.role_profile_id = profile
      on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at
    $$`.execute(db)
  await sql`
    create trigger role_profiles_report_sums_change after insert or delete on role_profiles
    for each row execute function report_sums_mark_profile()`.execute(db)
  await sql`
    create trigger role_profiles_report_sums_update after update on role_profiles
    for each row when (old.code is distinct from new.code or old.framework_id <> new.framework_id or old.institution_id <> new.institution_id)
    execute function report_sums_mark_profile()`.execute(db)

  // A person given another profile (or moved) has other targets in every framework their institution uses.
  await sql`
    create function report_sums_mark_user() returns trigger language plpgsql as $$
    begin
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return null;
      end if;
      insert into report_sums_stale (framework_id, institution_id, user_id)
      select f.framework_id, new.institution_id, new.id from institution_frameworks f where f.institution_id = new.institution_id
      on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at;
      return null;
    end $$`.execute(db)
  await sql`
    create trigger users_report_sums_profile after insert or update of role_profile_id, institution_id on users
    for each row execute function report_sums_mark_user()`.execute(db)

  // A framework's competencies changed (a draft in use, a rebuild), or an institution starts using a
  // framework: everyone in the institutions using it.
  await sql`
    create function report_sums_mark_framework_users() returns trigger language plpgsql as $$
    begin
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return null;
      end if;
      insert into report_sums_stale (framework_id, institution_id, user_id)
      select distinct f.framework_id, u.institution_id, u.id
      from (select distinct framework_id from changed_rows) changed
      join institution_frameworks f on f.framework_id = changed.framework_id
      join users u on u.institution_id = f.institution_id
      on conflict (framework_id, institution_id, user_id) do update set marked_at = excluded.marked_at;
      return null;
    end $$`.execute(db)
  for (const [table, event, transition] of [
    ['competencies', 'insert', 'new'],
    ['competencies', 'update', 'new'],
    ['competencies', 'delete', 'old'],
    ['institution_frameworks', 'insert', 'new'],
  ] as const) {
    await sql`
      create trigger ${sql.raw(`${table}_report_sums_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      referencing ${sql.raw(transition)} table as changed_rows for each statement execute function report_sums_mark_framework_users()`.execute(db)
  }

  // Everyone, for every framework their institution uses: the first report adds them up.
  await sql`
    insert into report_sums_stale (framework_id, institution_id, user_id)
    select f.framework_id, u.institution_id, u.id from users u join institution_frameworks f on f.institution_id = u.institution_id`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ['current_ratings_report_sums_change', 'current_ratings'],
    ['current_ratings_report_sums_update', 'current_ratings'],
    ['current_validations_report_sums_change', 'current_validations'],
    ['current_validations_report_sums_update', 'current_validations'],
    ['personal_targets_report_sums_change', 'personal_targets'],
    ['personal_targets_report_sums_update', 'personal_targets'],
    ['role_profile_targets_report_sums_insert', 'role_profile_targets'],
    ['role_profile_targets_report_sums_update', 'role_profile_targets'],
    ['role_profile_targets_report_sums_delete', 'role_profile_targets'],
    ['role_profiles_report_sums_change', 'role_profiles'],
    ['role_profiles_report_sums_update', 'role_profiles'],
    ['users_report_sums_profile', 'users'],
    ['competencies_report_sums_insert', 'competencies'],
    ['competencies_report_sums_update', 'competencies'],
    ['competencies_report_sums_delete', 'competencies'],
    ['institution_frameworks_report_sums_insert', 'institution_frameworks'],
  ] as const) {
    await sql`drop trigger ${sql.raw(trigger)} on ${sql.table(table)}`.execute(db)
  }
  for (const fn of ['report_sums_mark_person_competency', 'report_sums_mark_profile_holders', 'report_sums_mark_profile', 'report_sums_mark_user', 'report_sums_mark_framework_users']) {
    await sql`drop function ${sql.raw(fn)}()`.execute(db)
  }
  await sql`drop function report_sums_mark_profile_code(integer, integer, text, integer)`.execute(db)
  await sql`drop table report_sums_stale`.execute(db)
  await sql`drop table report_person_sums`.execute(db)
}
