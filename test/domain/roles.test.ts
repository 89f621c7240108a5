import t from 'tap'
import { grantableRoles, isOperator, isRole, mayCreateOperator, mayGrant, mayManage, roleChangeRefusal, ROLES, type Role } from '../../server/domain/roles.js'

t.test('who may give which role: HR give the institution roles, nobody gives the operator role', async (t) => {
  const granted = Object.fromEntries(ROLES.map((actor) => [actor, ROLES.filter((role) => mayGrant(actor, role))]))
  t.same(granted, { lecturer: [], designer: [], hr: ['lecturer', 'designer', 'hr'], admin: [] })
  t.same(grantableRoles('hr'), ['lecturer', 'designer', 'hr'])
  t.same(grantableRoles('admin'), [], 'the operator runs the platform, not a staff list')
})

t.test('who may manage whom: HR manage anyone but an operator; nobody else manages staff', async (t) => {
  const managed = Object.fromEntries(ROLES.map((actor) => [actor, ROLES.filter((target) => mayManage(actor, target))]))
  t.same(managed, { lecturer: [], designer: [], hr: ['lecturer', 'designer', 'hr'], admin: [] })
  t.same(ROLES.filter(mayCreateOperator), ['admin'], 'only an operator makes an operator')
  t.same(ROLES.filter(isOperator), ['admin'])
})

t.test('a role change: every actor x every target (none, another, themself, an operator) x every role', async (t) => {
  const hr = { id: 1, role: 'hr' as Role }
  const other = { id: 2, role: 'lecturer' as Role }
  const operator = { id: 3, role: 'admin' as Role }
  const refusals = (actor: { id: number; role: Role }, target: { id: number; role: Role } | undefined) => ROLES.map((role) => roleChangeRefusal(actor, target, role) ?? 'ok')
  // Columns: lecturer, designer, hr, admin.
  t.same(refusals(hr, undefined), ['ok', 'ok', 'ok', 'roleNotGrantable'], 'HR adding a person')
  t.same(refusals(hr, other), ['ok', 'ok', 'ok', 'roleNotGrantable'], 'HR changing another person')
  t.same(refusals(hr, hr), ['ownRole', 'ownRole', 'ok', 'ownRole'], 'HR and their own role: keeping it is no change')
  t.same(refusals(hr, operator), ['operatorAccount', 'operatorAccount', 'operatorAccount', 'operatorAccount'], "HR and an operator's account")
  for (const role of ['lecturer', 'designer', 'admin'] as const) {
    const actor = { id: 9, role }
    for (const target of [undefined, other, { id: 9, role }, operator]) {
      t.same(refusals(actor, target), ['roleNotGrantable', 'roleNotGrantable', 'roleNotGrantable', 'roleNotGrantable'], `${role} gives no role (target ${target?.role ?? 'new'})`)
    }
  }
})

t.test('isRole reads the role names and nothing else', async (t) => {
  t.same(['lecturer', 'designer', 'hr', 'admin', 'Admin', 'operator', '', undefined, 3].map(isRole), [true, true, true, true, false, false, false, false, false])
})
