import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema.js'

/** Every page of the app, by the demo account that can open it, with Demo University's ids. */
export async function everyPage(db: Kysely<Database>): Promise<Record<string, readonly string[]>> {
  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select('id').where('framework_id', '=', framework.id).where('kind', '=', 'competency').orderBy('position').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('code').executeTakeFirstOrThrow()
  const university = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select('id').where('institution_id', '=', university.id).orderBy('id').executeTakeFirstOrThrow()
  const lecturer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const staffMember = await db.selectFrom('users').select('id').where('institution_id', '=', university.id).where('role', '=', 'lecturer').where('id', '!=', lecturer.id).orderBy('id').executeTakeFirstOrThrow()
  const qa = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-qa').executeTakeFirstOrThrow()
  const qaArea = await db.selectFrom('competencies').select('id').where('framework_id', '=', qa.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  return {
    'lecturer@demo.test': [
      '/',
      '/framework',
      `/framework/${competency.id}`,
      '/plan',
      '/self-assessment',
      `/self-assessment/${competency.id}`,
      '/self-assessment/summary',
      '/programmes',
      `/programmes/${programme.id}`,
      '/activities',
      '/account/password',
      `/assessments/${qa.id}`,
      `/assessments/${qa.id}/areas/${qaArea.id}`,
      `/assessments/${qa.id}/report`,
    ],
    'hr@demo.test': [
      '/hr',
      `/hr/departments/${department.id}`,
      '/hr/insights',
      '/hr/settings',
      '/hr/staff',
      '/hr/staff/new',
      `/hr/staff/${staffMember.id}`,
      '/hr/staff/import',
      '/hr/staff/invitations',
      '/hr/departments',
      '/hr/audit',
      `/people/${lecturer.id}/ratings`,
      '/assessments',
      `/assessments/${qa.id}/panel`,
    ],
    'designer@demo.test': ['/design', '/design/programmes/new', `/design/programmes/${programme.id}`, '/design/coverage', '/design/import'],
    'admin@demo.test': ['/admin/frameworks', `/admin/frameworks/${framework.id}`, '/admin/institutions', '/admin/operators'],
  }
}
