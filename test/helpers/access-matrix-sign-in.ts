/**
 * The access matrix's entries for signing in the university's way (test/routes/access-matrix.test.ts):
 * providers, OpenID Connect, SAML and SCIM provisioning. None needs Demo University's ids.
 */
export interface SignInRouteCase {
  readonly url: () => string
  readonly body?: () => string | Record<string, unknown>
  readonly form?: boolean
  /** Statuses allowed for a caller the route lets in. */
  readonly ok: readonly number[]
}

export const SIGN_IN_ROUTES: Readonly<Record<string, SignInRouteCase>> = {
  // Signing in through a provider: public; nobody has one in this walk until HR add one (a domain of the walk's own).
  'GET /login/provider': { url: () => '/login/provider?email=lecturer%40demo.test', ok: [404] },
  'GET /auth/oidc/:id': { url: () => '/auth/oidc/999999', ok: [404] },
  'GET /auth/oidc/:id/callback': { url: () => '/auth/oidc/999999/callback?code=matrix&state=matrix', ok: [400] },
  'GET /auth/saml/:id/metadata': { url: () => '/auth/saml/999999/metadata', ok: [404] },
  'GET /auth/saml/:id': { url: () => '/auth/saml/999999', ok: [404] },
  // The IdP posts cross-site: no CSRF token, and no session needed; an answer for no provider is refused.
  'POST /auth/saml/:id/acs': { url: () => '/auth/saml/999999/acs', form: true, body: () => 'SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D', ok: [400] },
  'GET /api/v1/institutions': { url: () => '/api/v1/institutions', ok: [200] },
  'GET /hr/sign-in': { url: () => '/hr/sign-in', ok: [200] },
  // Demo University's HR add one (303); Demo College's HR then find its domain taken (409).
  'POST /hr/sign-in': { url: () => '/hr/sign-in', form: true, body: () => 'name=Matrix&issuer=https%3A%2F%2Fidp.matrix.test&clientId=matrix&emailDomains=pages.matrix.test', ok: [303, 409] },
  'POST /hr/sign-in/:id': { url: () => '/hr/sign-in/999999', form: true, body: () => 'name=Matrix&issuer=https%3A%2F%2Fidp.matrix.test&clientId=matrix&emailDomains=pages.matrix.test', ok: [404] },
  'POST /hr/sign-in/passwords': { url: () => '/hr/sign-in/passwords', form: true, body: () => 'passwords=allowed', ok: [303] },
  'GET /api/v1/institution/password-sign-in': { url: () => '/api/v1/institution/password-sign-in', ok: [200] },
  'PUT /api/v1/institution/password-sign-in': { url: () => '/api/v1/institution/password-sign-in', body: () => ({ allowed: true }), ok: [200] },
  'POST /hr/sign-in/:id/remove': { url: () => '/hr/sign-in/999999/remove', form: true, body: () => '', ok: [404] },
  'GET /api/v1/identity-providers': { url: () => '/api/v1/identity-providers', ok: [200] },
  // HR add their own (201; Demo College's HR then find the domain taken: 409); the operator must name the institution (400).
  'POST /api/v1/identity-providers': { url: () => '/api/v1/identity-providers', body: () => ({ kind: 'oidc', name: 'Matrix', issuer: 'https://idp.matrix.test', clientId: 'matrix', emailDomains: ['matrix.test'] }), ok: [201, 400, 409] },
  'GET /api/v1/identity-providers/:id': { url: () => '/api/v1/identity-providers/999999', ok: [404] },
  'PATCH /api/v1/identity-providers/:id': { url: () => '/api/v1/identity-providers/999999', body: () => ({ name: 'Matrix' }), ok: [404] },
  'DELETE /api/v1/identity-providers/:id': { url: () => '/api/v1/identity-providers/999999', ok: [404] },
  // SCIM provisioning: only a SCIM token opens it; a person's token, whoever they are, is refused (401).
  'GET /scim/v2/ServiceProviderConfig': { url: () => '/scim/v2/ServiceProviderConfig', ok: [401] },
  'GET /scim/v2/ResourceTypes': { url: () => '/scim/v2/ResourceTypes', ok: [401] },
  'GET /scim/v2/ResourceTypes/:id': { url: () => '/scim/v2/ResourceTypes/User', ok: [401] },
  'GET /scim/v2/Schemas': { url: () => '/scim/v2/Schemas', ok: [401] },
  'GET /scim/v2/Schemas/:id': { url: () => '/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', ok: [401] },
  'GET /scim/v2/Users': { url: () => '/scim/v2/Users', ok: [401] },
  'POST /scim/v2/Users': { url: () => '/scim/v2/Users', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'GET /scim/v2/Users/:id': { url: () => '/scim/v2/Users/1', ok: [401] },
  'PUT /scim/v2/Users/:id': { url: () => '/scim/v2/Users/1', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'PATCH /scim/v2/Users/:id': { url: () => '/scim/v2/Users/1', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'DELETE /scim/v2/Users/:id': { url: () => '/scim/v2/Users/1', ok: [401] },
  'GET /scim/v2/Groups': { url: () => '/scim/v2/Groups', ok: [401] },
  'POST /scim/v2/Groups': { url: () => '/scim/v2/Groups', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'GET /scim/v2/Groups/:id': { url: () => '/scim/v2/Groups/1', ok: [401] },
  'PUT /scim/v2/Groups/:id': { url: () => '/scim/v2/Groups/1', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'PATCH /scim/v2/Groups/:id': { url: () => '/scim/v2/Groups/1', body: () => ({ userName: 'matrix@demo.test', displayName: 'Matrix' }), ok: [401] },
  'DELETE /scim/v2/Groups/:id': { url: () => '/scim/v2/Groups/1', ok: [401] },
  'GET /api/v1/institution/scim-tokens': { url: () => '/api/v1/institution/scim-tokens', ok: [200] },
  'POST /api/v1/institution/scim-tokens': { url: () => '/api/v1/institution/scim-tokens', body: () => ({ label: 'Matrix' }), ok: [201] },
  'DELETE /api/v1/institution/scim-tokens/:id': { url: () => '/api/v1/institution/scim-tokens/999999', ok: [404] },
  'GET /hr/provisioning': { url: () => '/hr/provisioning', ok: [200] },
  // A token made is shown on the answer page itself (200), never through a redirect.
  'POST /hr/provisioning/tokens': { url: () => '/hr/provisioning/tokens', form: true, body: () => 'label=Matrix', ok: [200] },
  'POST /hr/provisioning/tokens/:id/revoke': { url: () => '/hr/provisioning/tokens/999999/revoke', form: true, body: () => '', ok: [404] },
  'POST /hr/provisioning/groups/:id': { url: () => '/hr/provisioning/groups/999999', form: true, body: () => 'departmentId=&roleProfileId=', ok: [404] },
}
