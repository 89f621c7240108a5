import type { FastifyReply } from 'fastify'
import { policyAllowingForms } from '../plugins/security-headers.js'
import type { IdentityProviderService } from '../services/identity-providers.js'
import type { OidcClient } from '../services/oidc.js'

/**
 * Whether the sign-in page offers the work-email form (some institution has a provider), and when it
 * does, a Content-Security-Policy on this reply that lets that form's submission end at the providers
 * (browsers check `form-action` on each redirect the submission follows): their issuers' origins and
 * the authorization endpoints discovered so far.
 */
export async function offerProviderForms(reply: FastifyReply, services: { identityProviders: IdentityProviderService; oidc: OidcClient }): Promise<boolean> {
  const issuers = await services.identityProviders.issuerOrigins()
  if (issuers.length === 0) return false
  reply.header('content-security-policy', policyAllowingForms([...new Set([...issuers, ...services.oidc.authorizationOrigins()])]))
  return true
}
