import t from 'tap'
import { parseFilter, parsePaging, parsePatch, parsePath, scimBoolean, ScimError, scimText } from '../../server/domain/scim.js'
import { groupFromResource, patchGroup, patchUser, personOf, userFromResource } from '../../server/domain/scim-resources.js'

const refusal = (fn: () => unknown): { status: number; scimType: string | undefined } | undefined => {
  try {
    fn()
    return undefined
  } catch (error) {
    if (!(error instanceof ScimError)) throw error
    return { status: error.status, scimType: error.scimType }
  }
}

t.test('filters: attribute eq "value", nothing else', async (t) => {
  t.same(parseFilter('userName eq "ama@uni.edu.gh"', ['userName', 'externalId']), { attribute: 'userName', value: 'ama@uni.edu.gh' })
  t.same(parseFilter('EXTERNALID Eq "a \\"quoted\\" id"', ['userName', 'externalId']), { attribute: 'externalId', value: 'a "quoted" id' })
  for (const filter of ['userName co "a"', 'userName eq "a" or userName eq "b"', 'title eq "a"', 'userName eq', 'userName eq "\\x"', `userName eq "${'a'.repeat(1000)}"`]) {
    t.same(refusal(() => parseFilter(filter, ['userName'])), { status: 400, scimType: 'invalidFilter' }, filter.slice(0, 40))
  }
})

t.test('paging: RFC 7644’s clamping, and whole numbers only', async (t) => {
  t.same(parsePaging(undefined, undefined), { startIndex: 1, count: 200 })
  t.same(parsePaging('0', '-5'), { startIndex: 1, count: 0 })
  t.same(parsePaging('3', '1000'), { startIndex: 3, count: 200 })
  t.same(refusal(() => parsePaging('1.5', '1')), { status: 400, scimType: 'invalidValue' })
})

t.test('paths and PATCH bodies in Entra’s and Okta’s shapes', async (t) => {
  t.same(parsePath('emails[type eq "work"].value'), { attribute: 'emails', filter: { attribute: 'type', value: 'work' }, subAttribute: 'value' })
  t.same(parsePath('members[value eq "12"]'), { attribute: 'members', filter: { attribute: 'value', value: '12' } })
  t.same(parsePath('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName'), { attribute: 'name', subAttribute: 'givenname' })
  t.same(parsePath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'), { attribute: 'urn:enterprise' })
  t.same(refusal(() => parsePath('emails[type eq "work"')), { status: 400, scimType: 'invalidPath' })
  t.same(parsePatch({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }), [{ op: 'replace', path: { attribute: 'active' }, value: 'False' }])
  t.same(parsePatch({ Operations: [{ op: 'replace', value: { active: false } }] }), [{ op: 'replace', path: undefined, value: { active: false } }])
  t.same(refusal(() => parsePatch({ Operations: [{ op: 'copy', path: 'active' }] })), { status: 400, scimType: 'invalidSyntax' })
  t.same(refusal(() => parsePatch({ Operations: [{ op: 'add', path: 'active' }] })), { status: 400, scimType: 'invalidValue' })
  t.same(refusal(() => parsePatch({ Operations: new Array(1001).fill({ op: 'remove', path: 'title' }) })), { status: 400, scimType: 'invalidSyntax' })
  t.same(refusal(() => parsePatch('Operations')), { status: 400, scimType: 'invalidSyntax' })
})

t.test('text and booleans as directories send them', async (t) => {
  t.equal(scimBoolean('True', 'active'), true)
  t.equal(scimBoolean(' false ', 'active'), false)
  t.same(refusal(() => scimBoolean(0, 'active')), { status: 400, scimType: 'invalidValue' })
  t.equal(scimText('  Ama ', 'name', 10), 'Ama')
  t.equal(scimText('', 'name', 10, { nullable: true }), null)
  for (const bad of ['\ud800', 'a\udfffb', 'tab\there', 'x'.repeat(11), 7]) t.same(refusal(() => scimText(bad, 'name', 10)), { status: 400, scimType: 'invalidValue' }, JSON.stringify(bad))
  t.equal(scimText('😀 emoji', 'name', 10), '😀 emoji', 'a surrogate pair is text')
})

t.test('a User: read, patched in either shape, and the person it gives', async (t) => {
  const user = userFromResource({ userName: 'Ama@Uni.edu.gh', name: { givenName: 'Ama', familyName: 'Mensah' }, emails: [{ value: 'other@uni.edu.gh', type: 'home' }, { value: 'work@uni.edu.gh', type: 'work' }] })
  t.same(user, { userName: 'Ama@Uni.edu.gh', externalId: null, givenName: 'Ama', familyName: 'Mensah', displayName: null, email: 'work@uni.edu.gh', active: true })
  t.same(personOf(user), { email: 'ama@uni.edu.gh', name: 'Ama Mensah' }, 'a userName that is an email wins, lowered')
  t.same(personOf({ ...user, userName: 'amensah' }), { email: 'work@uni.edu.gh', name: 'Ama Mensah' })
  t.same(refusal(() => personOf({ ...user, userName: 'amensah', email: null })), { status: 400, scimType: 'invalidValue' })
  const entra = patchUser(user, parsePatch({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }, { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@uni.edu.gh' }, { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+233' }] }))
  t.match(entra, { active: false, email: 'new@uni.edu.gh' })
  const okta = patchUser(user, parsePatch({ Operations: [{ op: 'replace', value: { active: false, name: { familyName: 'Owusu' }, 'name.givenName': 'Akua', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Physics' } } }] }))
  t.match(okta, { active: false, givenName: 'Akua', familyName: 'Owusu' })
  t.equal(patchUser(user, parsePatch({ Operations: [{ op: 'remove', path: 'name' }] })).givenName, null)
  t.equal(patchUser(user, parsePatch({ Operations: [{ op: 'add', path: 'emails', value: [{ value: 'second@uni.edu.gh' }] }] })).email, 'work@uni.edu.gh', 'an email added beside is not the person’s')
  t.equal(patchUser(user, parsePatch({ Operations: [{ op: 'add', path: 'emails', value: [{ value: 'second@uni.edu.gh', primary: 'True' }] }] })).email, 'second@uni.edu.gh', 'unless it is primary')
  t.same(refusal(() => patchUser(user, parsePatch({ Operations: [{ op: 'replace', path: 'name.nickname', value: 'x' }] }))), { status: 400, scimType: 'invalidPath' })
})

t.test('a Group: members added, removed by filter or by value, replaced; renamed', async (t) => {
  const group = groupFromResource({ displayName: 'Physics', members: [{ value: '1' }, { value: '2' }] })
  const patched = (operations: unknown[]) => patchGroup(group, parsePatch({ Operations: operations }, 'urn:ietf:params:scim:schemas:core:2.0:Group'))
  t.same(patched([{ op: 'Add', path: 'members', value: [{ $ref: null, value: '3' }, { value: '1' }] }]).members, ['1', '2', '3'])
  t.same(patched([{ op: 'remove', path: 'members[value eq "1"]' }]).members, ['2'])
  t.same(patched([{ op: 'Remove', path: 'members', value: [{ value: '2' }] }]).members, ['1'])
  t.same(patched([{ op: 'remove', path: 'members' }]).members, [])
  t.same(patched([{ op: 'replace', path: 'members', value: [{ value: '9' }] }]).members, ['9'])
  t.same(patched([{ op: 'replace', value: { id: '5', displayName: 'Chemistry' } }]).displayName, 'Chemistry')
  t.same(refusal(() => patched([{ op: 'replace', path: 'owner', value: 'x' }])), { status: 400, scimType: 'invalidPath' })
  t.same(refusal(() => groupFromResource({ displayName: 'x', members: [{ value: 7 }] })), { status: 400, scimType: 'invalidValue' })
})
