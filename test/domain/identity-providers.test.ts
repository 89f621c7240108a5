import t from 'tap'
import { displayNameOf, emailDomainOf, identityProviderShape, issuerAllowed, placementOf, verifiedEmailOf } from '../../server/domain/identity-providers.js'

t.test('issuers: https, or http on this machine only', async (t) => {
  t.ok(issuerAllowed('https://accounts.google.com'))
  t.ok(issuerAllowed('https://login.microsoftonline.com/common/v2.0'))
  t.ok(issuerAllowed('http://127.0.0.1:4000'))
  t.ok(issuerAllowed('http://localhost:4000/realm'))
  t.notOk(issuerAllowed('http://idp.example.org'), 'plain http on the internet')
  t.notOk(issuerAllowed('http://127.0.0.1.nip.io'), 'a name that only looks like loopback')
  t.notOk(issuerAllowed('https://user:pass@idp.example.org'))
  t.notOk(issuerAllowed('https://idp.example.org/?tenant=x'))
  t.notOk(issuerAllowed('javascript:alert(1)'))
  t.notOk(issuerAllowed('not a url'))
})

t.test('the email a provider vouches for', async (t) => {
  t.equal(verifiedEmailOf({ email: 'Ama@Uni.EDU.gh', email_verified: true }), 'ama@uni.edu.gh')
  t.equal(verifiedEmailOf({ email: 'ama@uni.edu.gh', email_verified: 'true' }), 'ama@uni.edu.gh', 'some providers send a string')
  t.equal(verifiedEmailOf({ email: 'ama@uni.edu.gh', xms_edov: true }), 'ama@uni.edu.gh', "Entra ID's verified domain owner")
  t.equal(verifiedEmailOf({ email: 'ama@uni.edu.gh', email_verified: false }), undefined)
  t.equal(verifiedEmailOf({ email: 'ama@uni.edu.gh' }), undefined, 'silence is not verification')
  t.equal(verifiedEmailOf({ email: 'ama@uni.edu.gh', email_verified: 1 }), undefined)
  t.equal(verifiedEmailOf({ email: ['ama@uni.edu.gh'], email_verified: true }), undefined)
  t.equal(verifiedEmailOf({ email: 'no-at-sign', email_verified: true }), undefined)
  t.equal(emailDomainOf(' Ama@Uni.EDU.gh '), 'uni.edu.gh')
  t.equal(emailDomainOf('a@b@evil.test'), 'evil.test', 'the domain after the last @')
  t.equal(emailDomainOf('nobody'), '')
  t.equal(displayNameOf({ name: ' Kofi Boateng ' }, 'k@x.test'), 'Kofi Boateng')
  t.equal(displayNameOf({ given_name: 'Kofi', family_name: 'Boateng' }, 'k@x.test'), 'Kofi Boateng')
  t.equal(displayNameOf({}, 'kofi.b@x.test'), 'kofi.b')
})

t.test('placement: the first rule that matches sets each of role profile and department', async (t) => {
  const rules = [
    { claim: 'groups', value: 'teaching', roleProfileId: 3, departmentId: null },
    { claim: 'department', value: 'Physics', roleProfileId: 9, departmentId: 7 },
    { claim: 'eduPersonAffiliation', value: 'faculty', roleProfileId: 4, departmentId: 8 },
  ]
  t.same(placementOf(rules, { groups: ['all', 'teaching'], department: 'Physics' }), { roleProfileId: 3, departmentId: 7 })
  t.same(placementOf(rules, { eduPersonAffiliation: ['member', 'faculty'] }), { roleProfileId: 4, departmentId: 8 })
  t.same(placementOf(rules, { groups: 'teaching-assistants' }), { roleProfileId: null, departmentId: null }, 'whole values only')
  t.same(placementOf(rules, {}), { roleProfileId: null, departmentId: null })
})

t.test('what HR send: domains normalised, a provider of a kind we know', async (t) => {
  const parsed = identityProviderShape.parse({ kind: 'oidc', name: ' Google ', issuer: 'https://accounts.google.com/', clientId: 'id', emailDomains: ['@Uni.EDU.gh'] })
  t.same(parsed, { kind: 'oidc', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'id', clientSecret: '', emailDomains: ['uni.edu.gh'], createUnknown: false, mappings: [] })
  t.notOk(identityProviderShape.safeParse({ kind: 'ldap', name: 'x', issuer: 'https://x.test', clientId: 'id', emailDomains: ['x.test'] }).success)
  t.notOk(identityProviderShape.safeParse({ kind: 'oidc', name: 'x', issuer: 'https://x.test', clientId: 'id', emailDomains: ['x.test'], extra: 1 }).success, 'unknown fields refused')
})
