import t from 'tap'
import { certificateOf, claimsOfAttributes, idpOfMetadata, MetadataError, pemOf, serviceProviderOf, subjectOfAssertion } from '../../server/domain/saml.js'
import { createSamlIdp, IDP_KEYS } from '../helpers/saml-idp.js'

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'

t.test('our addresses for a provider', async (t) => {
  t.same(serviceProviderOf('https://ct.uni.ac.za', 7), { entityId: 'https://ct.uni.ac.za/auth/saml/7/metadata', acsUrl: 'https://ct.uni.ac.za/auth/saml/7/acs', metadataUrl: 'https://ct.uni.ac.za/auth/saml/7/metadata' })
})

t.test('the IdP a metadata document describes', async (t) => {
  const idp = createSamlIdp()
  t.same(idpOfMetadata(idp.metadata()), { entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [IDP_KEYS.idp.certificate] }, 'the signing key only, not the encryption one')
  const both = idpOfMetadata(idp.metadata([IDP_KEYS.idp.certificate, IDP_KEYS.other.certificate, IDP_KEYS.idp.certificate]))
  t.same(both.certificates, [IDP_KEYS.idp.certificate, IDP_KEYS.other.certificate], 'each certificate once')
  const unmarked = idp.metadata().replace('<md:KeyDescriptor use="signing">', '<md:KeyDescriptor>')
  t.same(idpOfMetadata(unmarked).certificates, [IDP_KEYS.idp.certificate], 'a key without use signs too')
  const fault = (xml: string, entityId?: string) => {
    try {
      idpOfMetadata(xml, entityId)
      return 'accepted'
    } catch (error) {
      return error instanceof MetadataError ? error.fault : 'thrown'
    }
  }
  t.equal(fault('<x/>'), 'notXml', 'not in the metadata namespace')
  t.equal(fault('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"'), 'notXml')
  t.equal(fault(`<!DOCTYPE x>${idp.metadata().replace(/<\?xml[^>]*>/, '')}`), 'doctype')
  t.equal(fault(idp.metadata().replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol')), 'noIdp', 'SAML 1.1 only')
  t.equal(fault(idp.metadata(), 'https://another.test/idp'), 'entityNotFound')
  t.equal(fault(idp.metadata().replace(/<md:KeyDescriptor use="signing">.*?<\/md:KeyDescriptor>/s, '')), 'noCertificate', 'an encryption key is not a signing key')
})

t.test('claims from eduPerson attributes, by OID or by name', async (t) => {
  t.same(
    claimsOfAttributes({
      'urn:oid:0.9.2342.19200300.100.1.3': ' Thandi.Nkosi@UNI.ac.za ',
      'urn:oid:2.5.4.42': 'Thandi',
      'urn:oid:2.5.4.4': 'Nkosi',
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['member', 'faculty'],
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'tnkosi@uni.ac.za',
      odd: { nested: true },
    }),
    {
      'urn:oid:0.9.2342.19200300.100.1.3': ' Thandi.Nkosi@UNI.ac.za ',
      'urn:oid:2.5.4.42': 'Thandi',
      'urn:oid:2.5.4.4': 'Nkosi',
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['member', 'faculty'],
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'tnkosi@uni.ac.za',
      mail: ' Thandi.Nkosi@UNI.ac.za ',
      givenName: 'Thandi',
      sn: 'Nkosi',
      eduPersonAffiliation: ['member', 'faculty'],
      eduPersonPrincipalName: 'tnkosi@uni.ac.za',
      email: 'thandi.nkosi@uni.ac.za',
      email_verified: true,
      name: 'Thandi Nkosi',
    },
  )
  t.match(claimsOfAttributes({ 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'a@uni.ac.za', 'http://schemas.microsoft.com/identity/claims/displayname': 'Ama' }), { email: 'a@uni.ac.za', name: 'Ama' }, "Microsoft's claim URIs")
  t.notOk('email' in claimsOfAttributes({ mail: '  ' }), 'an empty mail is no email')
})

t.test('who the assertion names, lastingly', async (t) => {
  t.equal(subjectOfAssertion({ value: 'p-1', format: PERSISTENT }, { subjectId: 'u1@uni.ac.za', eduPersonPrincipalName: 'x@uni' }), 'subject-id:u1@uni.ac.za')
  t.equal(subjectOfAssertion({ value: 'p-1', format: PERSISTENT }, { eduPersonPrincipalName: 'x@uni' }), 'persistent:p-1')
  t.equal(subjectOfAssertion({ value: 't-1', format: TRANSIENT }, { eduPersonPrincipalName: 'x@uni' }), 'eppn:x@uni')
  t.equal(subjectOfAssertion({ value: 'ama@uni', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }, {}), 'nameid:ama@uni')
  t.equal(subjectOfAssertion({ value: 't-1', format: TRANSIENT }, { email: 'ama@uni' }), 'mail:ama@uni')
  t.equal(subjectOfAssertion({ value: 't-1', format: TRANSIENT }, {}), undefined, 'a transient NameID names nobody')
  t.equal(subjectOfAssertion({ value: 'x'.repeat(300), format: PERSISTENT }, {}), undefined, 'too long to keep')
})

t.test('certificates as HR see them', async (t) => {
  t.match(certificateOf(IDP_KEYS.idp.certificate), { subject: 'CN=test-idp.saml.example' })
  t.equal(certificateOf('AAAA'), undefined)
  t.equal(certificateOf('not base64!'), undefined)
  t.match(pemOf(IDP_KEYS.idp.certificate), /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/)
})
