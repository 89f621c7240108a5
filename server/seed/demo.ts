import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Role } from '../domain/roles.js'
import { maxLevel } from '../domain/scale.js'
import { auditMayCarryLevels, type RatingVisibility } from '../domain/visibility.js'
import type { Framework, FrameworkService } from '../services/frameworks.js'
import type { RoleProfilesFile } from '../domain/catalogue-file.js'
import { hashPassword } from '../services/passwords.js'
import { createDefaultProfiles } from '../services/targets.js'

export const DEMO_PASSWORD = 'demo-password'

interface DemoAccount {
  readonly email: string
  readonly role: Role
  readonly name: string
}

/** One demo institution: its accounts to sign in with, departments and generated staff. */
interface DemoInstitution {
  readonly name: string
  readonly country: string
  readonly emailDomain: string
  readonly accounts: readonly DemoAccount[]
  readonly departments: readonly string[]
  readonly staffCount: number
  readonly seed: number
  /** Who sees a person's self-ratings there (server/domain/visibility.ts). */
  readonly ratingVisibility: RatingVisibility
  /** An account that reviews the generated staff of the first department (a head of department); every other one shares. */
  readonly headOfDepartment?: string
  /** The account that reviews the demo lecturer. */
  readonly lecturerReviewer?: string
  /** What the institution uses its primary framework (IIOE HEW) for. */
  readonly primaryPurpose?: string
  /** Frameworks it uses beside the primary, each for a purpose and an audience (role profile codes), rated by that audience. */
  readonly alsoUses?: readonly { readonly slug: string; readonly purpose: string; readonly audience: readonly string[] }[]
  /** An institution assessment (a framework of `alsoUses` about the institution): its panel, and how many of its areas they have judged so far. */
  readonly panel?: { readonly slug: string; readonly members: readonly string[]; readonly judgedAreas: number }
}

const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  {
    name: 'Demo University',
    country: 'Kenya',
    emailDomain: 'demo.test',
    accounts: [
      { email: 'lecturer@demo.test', role: 'lecturer', name: 'Amina Okafor' },
      { email: 'hr@demo.test', role: 'hr', name: 'Farid Rahman' },
      { email: 'designer@demo.test', role: 'designer', name: 'Mei Lin Chen' },
      { email: 'admin@demo.test', role: 'admin', name: 'Kwame Mensah' },
    ],
    departments: ['Education', 'Computer Science', 'Business and Management', 'Health Sciences', 'Library and Learning Support'],
    staffCount: 36,
    seed: 20191210,
    // Sharing, so the demo shows both sides of it: the lecturer reviews colleagues who share or not,
    // and is asked to share with their own reviewer.
    ratingVisibility: 'shared',
    headOfDepartment: 'lecturer@demo.test',
    lecturerReviewer: 'hr@demo.test',
    // Two frameworks side by side: the IIOE workforce framework for everyone, and UNESCO ICT-CFT,
    // which IIOE's own teacher assessment followed, for teachers.
    primaryPurpose: 'Digital competency of all staff for online and blended higher education',
    alsoUses: [
      { slug: 'unesco-ict-cft', purpose: 'ICT competency of teachers (UNESCO ICT-CFT, as in IIOE’s teacher assessment)', audience: ['teacher'] },
      { slug: 'iioe-qa', purpose: 'Quality of online and blended education: the institutional self-assessment', audience: [] },
    ],
    // The QA self-assessment under way: HR and the demo lecturer on the panel, the first areas judged.
    panel: { slug: 'iioe-qa', members: ['lecturer@demo.test'], judgedAreas: 14 },
  },
  {
    name: 'Demo College',
    country: 'Cambodia',
    emailDomain: 'college.test',
    accounts: [
      { email: 'lecturer@college.test', role: 'lecturer', name: 'Sokha Chan' },
      { email: 'hr@college.test', role: 'hr', name: 'Rahel Tesfaye' },
    ],
    departments: ['Engineering', 'Nursing', 'Learning Support'],
    staffCount: 23,
    seed: 20200403,
    // The private default: HR see totals only.
    ratingVisibility: 'aggregates',
  },
]

/** The accounts people sign in with on the demo; printed at start-up. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = DEMO_INSTITUTIONS.flatMap((institution) => institution.accounts)

/**
 * Seeds an empty database with two demo institutions (Demo University, Demo College): departments,
 * staff with role profiles, and their self-ratings over two rating rounds. Does nothing when any
 * institution exists, so it runs once. Deterministic: the same people and ratings every time,
 * placed relative to `now`.
 *
 * ```ts
 * await seedDemo(db, frameworks, { frameworkId, roleProfiles: files, now: new Date() }) // true the first time, then false
 * ```
 */
export async function seedDemo(db: Kysely<Database>, frameworks: FrameworkService, options: SeedOptions): Promise<boolean> {
  const framework = await frameworks.get(options.frameworkId)
  if (framework === undefined) throw new Error(`Framework ${options.frameworkId} is not loaded`)
  const others = new Map<string, Framework>()
  for (const slug of new Set(DEMO_INSTITUTIONS.flatMap((institution) => (institution.alsoUses ?? []).map((use) => use.slug)))) {
    const id = await frameworks.latestId(slug)
    const other = id === undefined ? undefined : await frameworks.get(id)
    if (other === undefined) throw new Error(`The demo uses framework ${slug}, which is not loaded`)
    others.set(slug, other)
  }
  const passwordHashes = new Map(await Promise.all(DEMO_ACCOUNTS.map(async (account) => [account.email, await hashPassword(options.password ?? DEMO_PASSWORD)] as const)))

  return db.transaction().execute(async (trx) => {
    // The lock makes two processes starting at once seed the demo between them once, not twice.
    await sql`lock table institutions in exclusive mode`.execute(trx)
    const any = await trx.selectFrom('institutions').select('id').limit(1).executeTakeFirst()
    if (any !== undefined) return false
    for (const institution of DEMO_INSTITUTIONS) {
      await seedInstitution(trx, framework, institution, { ...options, passwordHashes, others })
    }
    return true
  })
}

interface SeedOptions {
  /** The primary framework of every demo institution. */
  readonly frameworkId: number
  /** The shipped role profiles, of every framework (each institution gets those of the frameworks it uses). */
  readonly roleProfiles: readonly RoleProfilesFile[]
  readonly now: Date
  readonly password?: string
}

async function seedInstitution(
  trx: Transaction<Database>,
  framework: Framework,
  spec: DemoInstitution,
  options: SeedOptions & { passwordHashes: ReadonlyMap<string, string>; others: ReadonlyMap<string, Framework> },
): Promise<void> {
  const random = mulberry32(spec.seed)
  const top = maxLevel(framework.row.scale)
  const { id: institutionId } = await trx
    .insertInto('institutions')
    .values({ name: spec.name, country: spec.country, framework_id: options.frameworkId, rating_visibility: spec.ratingVisibility })
    .returning('id')
    .executeTakeFirstOrThrow()
  const departments = await trx
    .insertInto('departments')
    .values(spec.departments.map((name) => ({ institution_id: institutionId, name })))
    .returning(['id', 'name'])
    .execute()

  const profilesOf = (of: Framework) => options.roleProfiles.find((file) => file.framework.id === of.row.slug)
  const primaryProfiles = profilesOf(framework)
  const profiles = primaryProfiles === undefined ? new Map<string, number>() : await createDefaultProfiles(trx, institutionId, framework, primaryProfiles)
  // The primary is in use from the insert (a trigger, migration 0016); the others follow it in order.
  if (spec.primaryPurpose !== undefined) await trx.updateTable('institution_frameworks').set({ purpose: spec.primaryPurpose }).where('institution_id', '=', institutionId).execute()
  for (const [index, use] of (spec.alsoUses ?? []).entries()) {
    const other = options.others.get(use.slug)!
    await trx.insertInto('institution_frameworks').values({ institution_id: institutionId, framework_id: other.row.id, position: index + 1, purpose: use.purpose, audience: JSON.stringify(use.audience) }).execute()
    const file = profilesOf(other)
    if (file !== undefined) await createDefaultProfiles(trx, institutionId, other, file)
  }
  const supportDepartment = spec.departments.length - 1
  const profileFor = (role: Role, department: number) =>
    profiles.get(role === 'hr' || role === 'admin' ? 'leader' : department === supportDepartment ? 'support' : 'teacher') ?? null

  const people = [
    ...spec.accounts.map((account, index) => ({ ...account, password_hash: options.passwordHashes.get(account.email)!, department: index === 0 ? 0 : supportDepartment })),
    ...Array.from({ length: spec.staffCount }, (_, index) => {
      const first = FIRST_NAMES[(index + spec.seed) % FIRST_NAMES.length]!
      const last = LAST_NAMES[(index * 7 + spec.seed) % LAST_NAMES.length]!
      return {
        email: `${first}.${last}.${index + 1}@${spec.emailDomain}`.toLowerCase(),
        name: `${first} ${last}`,
        role: 'lecturer' as Role,
        password_hash: null,
        department: index % departments.length,
      }
    }),
  ]
  const users = await trx
    .insertInto('users')
    .values(
      people.map((person) => ({
        institution_id: institutionId,
        email: person.email,
        name: person.name,
        role: person.role,
        password_hash: person.password_hash,
        department_id: departments[person.department]!.id,
        role_profile_id: profileFor(person.role, person.department),
      })),
    )
    .returning(['id', 'email'])
    .execute()

  await seedReviewers(trx, spec, institutionId, users, people, options.now)

  const firstRound = monthsBefore(options.now, 9)
  const secondRound = monthsBefore(options.now, 2)
  const ratings: SeedRating[] = []
  const demoLecturer = spec.accounts.find((account) => account.role === 'lecturer')?.email
  for (const user of users) {
    const isDemoLecturer = user.email === demoLecturer
    const isStaff = !spec.accounts.some((account) => account.email === user.email)
    if (!isDemoLecturer && !isStaff) continue
    const participation = isDemoLecturer ? 0.25 : 0.45 + random() * 0.55
    const base = 1 + Math.floor(random() * top)
    for (const competency of framework.tree.competencies) {
      if (random() > participation) continue
      const level = clamp(base + Math.round(random() * 2 - 1), 1, top)
      ratings.push({ user, competencyId: competency.id, level, at: shiftDays(firstRound, random() * 20), evidence: pick(random, EVIDENCE) })
      if (!isDemoLecturer && random() < 0.6) {
        const second = clamp(level + (random() < 0.5 ? 1 : 0), 1, top)
        ratings.push({ user, competencyId: competency.id, level: second, at: shiftDays(secondRound, random() * 20), evidence: pick(random, EVIDENCE) })
      }
    }
  }
  // The other frameworks' audiences rate them too, drawn apart (a random stream of their own) so the
  // primary framework's demo ratings stay what they always were.
  for (const [index, use] of (spec.alsoUses ?? []).entries()) {
    const other = options.others.get(use.slug)!
    // A unit's or the institution's framework is judged by a panel, not rated by people (below).
    if (other.row.subject !== 'person') continue
    const otherRandom = mulberry32(spec.seed + 1 + index)
    const otherTop = maxLevel(other.row.scale)
    for (const [position, user] of users.entries()) {
      const person = people[position]!
      const profileCode = person.role === 'hr' || person.role === 'admin' ? 'leader' : person.department === supportDepartment ? 'support' : 'teacher'
      const isDemoLecturer = user.email === demoLecturer
      const isStaff = !spec.accounts.some((account) => account.email === user.email)
      if ((!isDemoLecturer && !isStaff) || !use.audience.includes(profileCode)) continue
      const participation = isDemoLecturer ? 0.5 : 0.4 + otherRandom() * 0.6
      const base = 1 + Math.floor(otherRandom() * otherTop)
      for (const competency of other.tree.competencies) {
        if (otherRandom() > participation) continue
        const level = clamp(base + Math.round(otherRandom() * 2 - 1), 1, otherTop)
        ratings.push({ user, competencyId: competency.id, level, at: shiftDays(firstRound, 21 + otherRandom() * 20), evidence: pick(otherRandom, EVIDENCE) })
        if (!isDemoLecturer && otherRandom() < 0.5) {
          ratings.push({ user, competencyId: competency.id, level: clamp(level + 1, 1, otherTop), at: shiftDays(secondRound, 21 + otherRandom() * 20), evidence: pick(otherRandom, EVIDENCE) })
        }
      }
    }
  }
  await insertRatings(trx, ratings, institutionId, auditMayCarryLevels(spec.ratingVisibility))
  if (spec.panel !== undefined) await seedPanel(trx, institutionId, options.others.get(spec.panel.slug)!, spec, users, options.now)
}

/** The panel of an institution assessment and its first judgements, each audited as one made through the app is. */
async function seedPanel(trx: Transaction<Database>, institutionId: number, framework: Framework, spec: DemoInstitution, users: readonly { id: number; email: string }[], now: Date): Promise<void> {
  const panel = spec.panel!
  const idOf = (email: string) => users.find((user) => user.email === email)!.id
  const hr = users.find((user) => spec.accounts.some((account) => account.email === user.email && account.role === 'hr'))!.id
  const members = panel.members.map(idOf)
  await trx.insertInto('assessment_panel_members').values(members.map((id) => ({ institution_id: institutionId, framework_id: framework.row.id, user_id: id, appointed_by: hr, appointed_at: shiftDays(now, -30) }))).execute()
  const random = mulberry32(spec.seed + 100)
  const top = maxLevel(framework.row.scale)
  const judgements = framework.tree.competencies.slice(0, panel.judgedAreas).map((area, index) => ({
    institution_id: institutionId,
    framework_id: framework.row.id,
    unit_id: null,
    competency_id: area.id,
    level: Math.floor(random() * (top + 1)),
    evidence: pick(random, PANEL_EVIDENCE),
    comment: '',
    rated_by: index % 2 === 0 ? hr : members[0]!,
    rater_role: index % 2 === 0 ? ('hr' as const) : ('panel' as const),
    created_at: shiftDays(now, -20 + index),
  }))
  if (judgements.length === 0) return
  const inserted = await trx.insertInto('subject_ratings').values(judgements).returning(['id', 'competency_id', 'level', 'rated_by', 'rater_role', 'created_at']).execute()
  await trx
    .insertInto('audit_log')
    .values(inserted.map((row) => ({ institution_id: institutionId, actor_id: row.rated_by, action: 'assessment.judge', entity: 'competency', entity_id: String(row.competency_id), data: JSON.stringify({ frameworkId: framework.row.id, unitId: null, level: row.level, judgementId: row.id, as: row.rater_role }), at: row.created_at })))
    .execute()
}

/** What a QA panel cites as evidence. */
const PANEL_EVIDENCE = [
  'Senate minutes approving the online and blended learning policy',
  'LMS usage report for the last semester',
  'Staff development plan and attendance records',
  'Student survey on online courses (last academic year)',
  'Programme review reports of the faculties',
  'IT service level agreement and uptime statistics',
]

/** The demo's reviewers, and the shares of every other person the head of department reviews (audited as a share through the app is). */
async function seedReviewers(
  trx: Transaction<Database>,
  spec: DemoInstitution,
  institutionId: number,
  users: readonly { id: number; email: string }[],
  people: readonly { email: string; department: number }[],
  now: Date,
): Promise<void> {
  const idOf = (email: string | undefined) => users.find((user) => user.email === email)?.id
  const lecturerId = idOf(spec.accounts.find((account) => account.role === 'lecturer')?.email)
  const lecturerReviewer = idOf(spec.lecturerReviewer)
  if (lecturerId !== undefined && lecturerReviewer !== undefined) await trx.updateTable('users').set({ reviewer_id: lecturerReviewer }).where('id', '=', lecturerId).execute()
  const head = idOf(spec.headOfDepartment)
  if (head === undefined) return
  const team = people.flatMap((person, index) => (index >= spec.accounts.length && person.department === 0 ? [users[index]!.id] : []))
  if (team.length === 0) return
  await trx.updateTable('users').set({ reviewer_id: head }).where('id', 'in', team).execute()
  const sharing = team.filter((_, index) => index % 2 === 0)
  if (sharing.length === 0 || spec.ratingVisibility !== 'shared') return
  const at = monthsBefore(now, 1)
  await trx.insertInto('rating_shares').values(sharing.map((id) => ({ institution_id: institutionId, user_id: id, reviewer_id: head, shared_at: at }))).execute()
  await trx
    .insertInto('audit_log')
    .values(sharing.map((id) => ({ institution_id: institutionId, actor_id: id, action: 'ratings.share', entity: 'staff', entity_id: String(id), data: JSON.stringify({ reviewerId: head }), at })))
    .execute()
}

const FIRST_NAMES = ['Abebe', 'Nadia', 'Chinedu', 'Lina', 'Tendai', 'Aigerim', 'Kofi', 'Siti', 'Moussa', 'Priya', 'Zanele', 'Bao', 'Fatou', 'Arjun', 'Grace', 'Yusuf', 'Wanjiru', 'Thandiwe']
const LAST_NAMES = ['Bekele', 'Haddad', 'Eze', 'Nguyen', 'Moyo', 'Nurlanova', 'Asante', 'Rahmawati', 'Diallo', 'Sharma', 'Dlamini', 'Tran', 'Ndiaye', 'Kumar', 'Achieng', 'Ibrahim', 'Kamau', 'Zhou']
const EVIDENCE = [
  'Taught a blended course this semester',
  'Completed an IIOE online course',
  'Peer observation by my head of department',
  'Designed the module assessment in the LMS',
  'Mentored two colleagues',
  '',
]

interface SeedRating {
  user: { id: number }
  competencyId: number
  level: number
  at: Date
  evidence: string
}

async function insertRatings(trx: Kysely<Database>, ratings: SeedRating[], institutionId: number, auditLevels: boolean): Promise<void> {
  for (let start = 0; start < ratings.length; start += 500) {
    await trx
      .insertInto('ratings')
      .values(
        ratings.slice(start, start + 500).map((rating) => ({
          institution_id: institutionId,
          user_id: rating.user.id,
          competency_id: rating.competencyId,
          level: rating.level,
          evidence: rating.evidence,
          source: 'self' as const,
          rated_by: rating.user.id,
          created_at: rating.at,
        })),
      )
      .execute()
  }
  await sql`
    insert into current_ratings (institution_id, user_id, competency_id, level, evidence, evidence_url, rating_id, updated_at)
    select distinct on (user_id, competency_id) institution_id, user_id, competency_id, level, evidence, evidence_url, id, created_at
    from ratings where institution_id = ${institutionId} and source = 'self'
    order by user_id, competency_id, created_at desc, id desc`.execute(trx)
  // Each save through the app writes an audit entry with it (services/ratings.ts); so does the seed,
  // or HR would open the demo's audit log to "No entries" beside a year of ratings. Like the app's, an
  // entry carries the level only where HR may read everyone's levels.
  await sql`
    insert into audit_log (institution_id, actor_id, action, entity, entity_id, data, at)
    select institution_id, user_id, 'rating.self', 'competency', competency_id::text,
      case when ${auditLevels} then jsonb_build_object('level', level, 'ratingId', id) else jsonb_build_object('ratingId', id) end, created_at
    from ratings where institution_id = ${institutionId}
    order by created_at, id`.execute(trx)
}

function mulberry32(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}

function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date)
  result.setUTCMonth(result.getUTCMonth() - months)
  return result
}

function shiftDays(date: Date, days: number): Date {
  return new Date(date.getTime() + Math.floor(days) * 86_400_000)
}
