import t from 'tap'
import { MAX_IMPORT_ROWS, planStaffImport, type ExistingStaff, type ImportContext } from '../../server/domain/staff-import.js'

const ana: ExistingStaff = { id: 1, email: 'ana.lima@uni.edu', name: 'Ana Lima', department: 'Nursing', roleProfile: 'LEC', role: 'lecturer' }
const ben: ExistingStaff = { id: 2, email: 'Ben.Okafor@uni.edu', name: 'Ben Okafor', department: null, roleProfile: null, role: 'hr' }
const context = (change: Partial<ImportContext> = {}): ImportContext => ({
  departments: ['Nursing', 'Computer Science'],
  roleProfiles: [
    { code: 'LEC', name: 'Lecturer' },
    { code: 'SL', name: 'Senior lecturer' },
  ],
  existing: [ana, ben],
  emailsElsewhere: new Set(['taken@other.edu']),
  // Ben imports: HR, so every institution role may be given.
  importer: { id: 2, role: 'hr' },
  createMissingDepartments: false,
  ...change,
})
/** The errors as the API gives them (row, column, English message); their codes are checked on their own. */
const errorsOf = (csv: string, change: Partial<ImportContext> = {}) => planStaffImport(csv, context(change)).errors.map(({ detail: _, ...error }) => error)

t.test('a clean file: people to create, to update and unchanged', async (t) => {
  const csv = [
    'email,name,department,role_profile,role',
    'ana.lima@uni.edu,Ana Lima,Nursing,LEC,lecturer',
    'ben.okafor@UNI.edu,Ben Okafor,computer science,senior lecturer,HR',
    'Chloe.Martin@Uni.edu,Chloé Martin,,,designer',
    'dan@uni.edu,Dan Reyes,NURSING,sl,',
  ].join('\n')
  t.same(planStaffImport(csv, context()), {
    rows: [
      { row: 2, action: 'unchanged', email: 'ana.lima@uni.edu', name: 'Ana Lima', department: 'Nursing', roleProfile: 'LEC', role: 'lecturer', changes: [] },
      { row: 3, action: 'update', email: 'Ben.Okafor@uni.edu', name: 'Ben Okafor', department: 'Computer Science', roleProfile: 'SL', role: 'hr', changes: ['department', 'roleProfile'] },
      { row: 4, action: 'create', email: 'chloe.martin@uni.edu', name: 'Chloé Martin', department: null, roleProfile: null, role: 'designer', changes: [] },
      { row: 5, action: 'create', email: 'dan@uni.edu', name: 'Dan Reyes', department: 'Nursing', roleProfile: 'SL', role: 'lecturer', changes: [] },
    ],
    errors: [],
    newDepartments: [],
    created: 2,
    updated: 1,
  })
})

t.test('absent optional columns leave people as they are; empty cells clear a department or profile but not a role', async (t) => {
  const onlyNames = planStaffImport('email,name\nana.lima@uni.edu,Ana Lima-Souza\nnew@uni.edu,New Person\n', context())
  t.same(onlyNames.rows[0], { row: 2, action: 'update', email: 'ana.lima@uni.edu', name: 'Ana Lima-Souza', department: 'Nursing', roleProfile: 'LEC', role: 'lecturer', changes: ['name'] })
  t.same(onlyNames.rows[1], { row: 3, action: 'create', email: 'new@uni.edu', name: 'New Person', department: null, roleProfile: null, role: 'lecturer', changes: [] })
  const emptied = planStaffImport('email,name,department,role_profile,role\nana.lima@uni.edu,Ana Lima,,,\nben.okafor@uni.edu,Ben Okafor,,,\n', context())
  t.same(emptied.rows[0], { row: 2, action: 'update', email: 'ana.lima@uni.edu', name: 'Ana Lima', department: null, roleProfile: null, role: 'lecturer', changes: ['department', 'roleProfile'] })
  t.same(emptied.rows[1]?.action, 'unchanged', 'an empty role keeps hr')
})

t.test('a byte order mark and CRLF line endings', async (t) => {
  const plan = planStaffImport('\ufeffemail,name\r\nnew@uni.edu,New Person\r\nben.okafor@uni.edu,Ben Okafor\r\n', context())
  t.same(plan.errors, [])
  t.same(
    plan.rows.map((row) => [row.row, row.action, row.name]),
    [
      [2, 'create', 'New Person'],
      [3, 'unchanged', 'Ben Okafor'],
    ],
  )
  t.same(planStaffImport('email,name\r\na@uni.edu,A\nb@uni.edu,B\rc@uni.edu,C', context()).rows.map((row) => [row.row, row.email]), [
    [2, 'a@uni.edu'],
    [3, 'b@uni.edu'],
    [4, 'c@uni.edu'],
  ], 'even mixed in one file')
})

t.test('header names in any case, with spaces, and the spellings of role profile', async (t) => {
  for (const title of ['role_profile', 'Role Profile', 'roleProfile', ' ROLE_PROFILE ']) {
    const plan = planStaffImport(` Email ,NAME,${title}\nnew@uni.edu,New,lec\n`, context())
    t.same([plan.errors, plan.rows[0]?.roleProfile], [[], 'LEC'], title)
  }
})

t.test('a missing required column, an unknown one, a repeated one', async (t) => {
  t.same(errorsOf('email,department\nnew@uni.edu,Nursing\n'), [{ row: 1, column: 'name', message: 'the column name is required' }])
  t.same(errorsOf('name\nNew\n'), [{ row: 1, column: 'email', message: 'the column email is required' }])
  t.same(errorsOf('email,name,departmnet\nnew@uni.edu,New,Nursing\n'), [
    { row: 1, column: 'departmnet', message: 'unknown column "departmnet" (the columns are email, name, department, role_profile, role)' },
  ])
  t.same(errorsOf('email,name,\nnew@uni.edu,New,\n'), [{ row: 1, column: '', message: 'column 3 has no name (the columns are email, name, department, role_profile, role)' }])
  t.same(errorsOf('email,name,Email\nnew@uni.edu,New,x@uni.edu\n'), [{ row: 1, column: 'Email', message: 'the column email appears twice' }])
  t.same(errorsOf('constructor,name\nx,New\n')[0]?.column, 'constructor', 'names of object properties are unknown columns too')
  t.same(errorsOf(''), [{ row: 1, column: '*', message: 'the file is empty: its first row must name the columns (email, name, department, role_profile, role)' }])
  t.same(errorsOf('\n \n,,\n'), errorsOf(''), 'blank lines only')
})

t.test('every kind of row error, with its row and column', async (t) => {
  const csv = [
    'email,name,department,role_profile,role',
    'not-an-email,Bad Email,,,',
    'two words@uni.edu,Space,,,',
    'nodot@localhost,No Dot,,,',
    ',No Email,,,',
    `${'a'.repeat(250)}@uni.edu,Long Email,,,`,
    'taken@other.edu,Elsewhere,,,',
    'TAKEN@Other.edu,Elsewhere Again,,,',
    'dup@uni.edu,First,,,',
    'Dup@Uni.edu,Second,,,',
    'noname@uni.edu,,,,',
    `long@uni.edu,${'x'.repeat(201)},,,`,
    'dept@uni.edu,Dept,Midwifery,,',
    `longdept@uni.edu,Long Dept,${'d'.repeat(201)},,`,
    'profile@uni.edu,Profile,,Professor,',
    'role@uni.edu,Role,,,manager',
  ].join('\n')
  t.same(errorsOf(csv), [
    { row: 2, column: 'email', message: '"not-an-email" is not a valid email address' },
    { row: 3, column: 'email', message: '"two words@uni.edu" is not a valid email address' },
    { row: 4, column: 'email', message: '"nodot@localhost" is not a valid email address' },
    { row: 5, column: 'email', message: 'an email address is required' },
    { row: 6, column: 'email', message: 'an email address has at most 254 characters' },
    { row: 7, column: 'email', message: 'taken@other.edu is already used by an account in another institution' },
    { row: 8, column: 'email', message: 'TAKEN@Other.edu is also on row 7' },
    { row: 10, column: 'email', message: 'Dup@Uni.edu is also on row 9' },
    { row: 11, column: 'name', message: 'a name is required' },
    { row: 12, column: 'name', message: 'a name has at most 200 characters' },
    { row: 13, column: 'department', message: `unknown department "Midwifery" (create it, or import with 'create missing departments')` },
    { row: 14, column: 'department', message: 'a department name has at most 200 characters' },
    { row: 15, column: 'role_profile', message: 'unknown role profile "Professor" (the codes are LEC, SL)' },
    { row: 16, column: 'role', message: 'unknown role "manager" (one of lecturer, designer, hr)' },
  ])
  t.same(errorsOf('email,name,role_profile\nnew@uni.edu,New,LEC\n', { roleProfiles: [] })[0]?.message, 'unknown role profile "LEC" (this institution has no role profiles; leave the cell empty)')
})

t.test('all the errors of a row and of the file, and the rows without errors still planned', async (t) => {
  const plan = planStaffImport('email,name,role\nbad,,boss\nnew@uni.edu,New,designer\n', context())
  t.same(
    plan.errors.map((error) => [error.row, error.column]),
    [
      [2, 'email'],
      [2, 'name'],
      [2, 'role'],
    ],
  )
  t.same([plan.rows.map((row) => row.email), plan.created, plan.updated], [['new@uni.edu'], 1, 0])
})

t.test('lengths count characters, not UTF-16 units', async (t) => {
  t.same(errorsOf(`email,name\nnew@uni.edu,${'😀'.repeat(200)}\n`), [])
  t.same(errorsOf(`email,name\nnew@uni.edu,${'😀'.repeat(201)}\n`).map((error) => error.column), ['name'])
  t.same(errorsOf(`email,name\n${'a'.repeat(246)}@uni.edu,Exactly 254\n`), [])
})

t.test('unknown departments are created when asked, each once, as first spelled', async (t) => {
  const csv = 'email,name,department\na@uni.edu,A,Midwifery\nb@uni.edu,B,MIDWIFERY\nc@uni.edu,C,computer science\nd@uni.edu,D,Pharmacy\n'
  const plan = planStaffImport(csv, context({ createMissingDepartments: true }))
  t.same(plan.errors, [])
  t.same(plan.newDepartments, ['Midwifery', 'Pharmacy'])
  t.same(
    plan.rows.map((row) => row.department),
    ['Midwifery', 'Midwifery', 'Computer Science', 'Pharmacy'],
  )
  const withError = planStaffImport('email,name,department\nbad,A,Dentistry\nb@uni.edu,B,DENTISTRY\n', context({ createMissingDepartments: true }))
  t.same([withError.newDepartments, withError.rows[0]?.department], [['DENTISTRY'], 'DENTISTRY'], 'a row with errors creates nothing')
})

t.test('a row with the wrong number of cells is an error of that row', async (t) => {
  const plan = planStaffImport('email,name,role\na@uni.edu,A\nb@uni.edu,B,hr,extra\nc@uni.edu,C,hr\n', context())
  t.same(plan.errors.map(({ detail: _, ...error }) => error), [
    { row: 2, column: '*', message: 'expected 3 cells, as in the header, but found 2' },
    { row: 3, column: '*', message: 'expected 3 cells, as in the header, but found 4' },
  ])
  t.same(plan.rows.map((row) => row.row), [4])
})

t.test('malformed quotes are errors with their row, not exceptions', async (t) => {
  t.same(errorsOf('email,name\nx"y@uni.edu,A\nb@uni.edu,B\n'), [
    { row: 2, column: '*', message: 'a quote in the middle of a cell (put the whole cell in quotes and write the quote as "")' },
  ])
  t.same(errorsOf('email,name\na@uni.edu,A\n"b@uni.edu",B "the best"\n'), [
    { row: 3, column: '*', message: 'a quote in the middle of a cell (put the whole cell in quotes and write the quote as "")' },
  ])
  t.same(errorsOf('email,name\na@uni.edu,A\nb@uni.edu,"B\nc@uni.edu,C\n'), [{ row: 3, column: '*', message: 'a quoted cell is never closed, so the rest of the file cannot be read' }])
  t.same(
    errorsOf('email,name\n"a@uni.edu"x,A\nb@uni.edu,B\n').map((error) => [error.row, error.message]),
    [
      [2, 'a quoted cell goes on after its closing quote (inside quotes, write a quote as "")'],
      [2, 'a quoted cell is never closed, so the rest of the file cannot be read'],
    ],
  )
  t.same(
    errorsOf('email,name\n"a@uni.edu,A\n,B\n').map((error) => error.row),
    [2],
    'the rest of the file is one unclosed cell',
  )
  t.same(
    errorsOf('email,name\nbad,A\nb@uni.edu,B"x\n').map((error) => [error.row, error.column]),
    [
      [2, 'email'],
      [3, '*'],
    ],
    'errors in the order of the rows',
  )
  t.same(errorsOf('"email,name\na@uni.edu,A\n'), [{ row: 1, column: '*', message: 'a quoted cell is never closed, so the rest of the file cannot be read' }], 'in the header')
  t.same(errorsOf('em"ail,name\na@uni.edu,A\n').map((error) => error.row), [1], 'a header that cannot be read is not replaced by the next row')
})

t.test('blank lines are skipped, and rows keep the line numbers of the file', async (t) => {
  const plan = planStaffImport('email,name\n\na@uni.edu,A\n   \n,\n\r\nb@uni.edu,B\n\n', context())
  t.same(plan.errors, [])
  t.same(plan.rows.map((row) => [row.row, row.email]), [
    [3, 'a@uni.edu'],
    [7, 'b@uni.edu'],
  ])
  t.same(errorsOf('\n\nemail,name\nnew@uni.edu,\n'), [{ row: 4, column: 'name', message: 'a name is required' }], 'even before the header')
})

t.test('quoted cells with commas, quotes and line breaks; the rows after keep their line numbers', async (t) => {
  for (const newline of ['\n', '\r\n']) {
    const csv = ['email,name,department', 'a@uni.edu,"Lima, Ana","Computer Science"', `b@uni.edu,"Ben ""the Bear""${newline}Okafor",Nursing`, 'c@uni.edu,,Nursing'].join(newline)
    const plan = planStaffImport(csv, context())
    t.same(plan.rows.map((row) => [row.row, row.name, row.department]), [
      [2, 'Lima, Ana', 'Computer Science'],
      [3, `Ben "the Bear"${newline}Okafor`, 'Nursing'],
    ], JSON.stringify(newline))
    t.same(plan.errors.map(({ detail: _, ...error }) => error), [{ row: 5, column: 'name', message: 'a name is required' }], `${JSON.stringify(newline)}: the row after a cell of two lines`)
  }
})

t.test(`at most ${MAX_IMPORT_ROWS} rows per import`, async (t) => {
  const file = (rows: number) => ['email,name', ...Array.from({ length: rows }, (_, index) => `p${index}@uni.edu,Person ${index}`)].join('\n')
  const full = planStaffImport(file(MAX_IMPORT_ROWS), context())
  t.same([full.errors, full.created, full.rows.at(-1)?.row], [[], MAX_IMPORT_ROWS, MAX_IMPORT_ROWS + 1])
  t.same(planStaffImport(`${file(MAX_IMPORT_ROWS + 1)}\nbad,`, context()), {
    rows: [],
    errors: [{ row: 1, column: '*', message: `at most ${MAX_IMPORT_ROWS} rows per import; this file has ${MAX_IMPORT_ROWS + 2}`, detail: { code: 'tooManyRows', params: { max: MAX_IMPORT_ROWS, found: MAX_IMPORT_ROWS + 2 } } }],
    newDepartments: [],
    created: 0,
    updated: 0,
  })
})

t.test('names in any script are kept as written, and formula-like cells are only text', async (t) => {
  const plan = planStaffImport('email,name,department\nlan@uni.edu,Nguyễn Thị Lan,Nursing\nwei@uni.edu,张伟,\nfatima@uni.edu,فاطمة الزهراء,\nformula@uni.edu,"=HYPERLINK(""x"")",\ndash@uni.edu,-,\n', context())
  t.same(plan.errors, [])
  t.same(plan.rows.map((row) => row.name), ['Nguyễn Thị Lan', '张伟', 'فاطمة الزهراء', '=HYPERLINK("x")', '-'])
})

t.test('each error carries a code and parameters, for pages to say it in their language', async (t) => {
  const [invalid, noName] = planStaffImport('email,name\nbroken,\n', context()).errors
  t.same(invalid, { row: 2, column: 'email', message: '"broken" is not a valid email address', detail: { code: 'emailInvalid', params: { email: 'broken' } } })
  t.same(noName?.detail, { code: 'nameRequired', params: {} })
  t.same(planStaffImport('email,name,role\na@uni.edu,A\n', context()).errors[0]?.detail, { code: 'cellCount', params: { expected: 3, found: 2 } })
})

t.test('the role rule of domain/roles.ts, row by row: what the importer may give, never their own role, never an operator', async (t) => {
  const csv = ['email,name,role', 'new@uni.edu,New,admin', 'ana.lima@uni.edu,Ana Lima,admin', 'ben.okafor@uni.edu,Ben Okafor,lecturer', 'ben.okafor2@uni.edu,Ben Two,hr', 'ops@uni.edu,Ops,lecturer'].join('\n')
  t.same(errorsOf(csv, { emailsUnmanaged: new Set(['ops@uni.edu']) }), [
    { row: 2, column: 'role', message: 'you cannot give the role admin (the roles you can give are lecturer, designer, hr)' },
    { row: 3, column: 'role', message: 'you cannot give the role admin (the roles you can give are lecturer, designer, hr)' },
    { row: 4, column: 'role', message: 'you cannot change your own role (to lecturer); ask another HR colleague' },
    { row: 6, column: 'email', message: "ops@uni.edu is a platform operator's account, which is not on a staff list" },
  ])
  t.same(errorsOf('email,name,role\nben.okafor@uni.edu,Ben Okafor,hr\n'), [], 'keeping one\'s own role is no change')
  t.same(
    errorsOf('email,name,role\nnew@uni.edu,New,lecturer\n', { importer: { id: 1, role: 'designer' } }),
    [{ row: 2, column: 'role', message: 'you cannot give the role lecturer (the roles you can give are none)' }],
    'someone who gives no role gives none through a file',
  )
})
