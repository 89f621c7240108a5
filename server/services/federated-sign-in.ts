import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { displayNameOf, emailDomainOf, placementOf, verifiedEmailOf, type FederatedIdentity, type IdentityProvider, type SignInRefusal } from '../domain/identity-providers.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { appendAudit } from './audit.js'
import type { SessionUser, UserService } from './users.js'

export type FederatedOutcome =
  | { readonly kind: 'signed-in'; readonly user: SessionUser; readonly created: boolean }
  | { readonly kind: 'refused'; readonly refusal: SignInRefusal; readonly email: string | undefined }

/**
 * Who a provider's checked identity is in this app, in one transaction:
 * 1. the person its subject was bound to at an earlier sign-in, if any;
 * 2. else the person with the email the provider says it verified, if the email's domain is one the
 *    provider serves and the person belongs to the provider's institution (bound now, for next time);
 * 3. else, where the provider creates unknown people, a new lecturer placed by the provider's mappings.
 *
 * The platform operator is never signed in by a provider: HR keep the providers, and a provider an
 * institution keeps must not make anyone more than that institution's people.
 * Every sign-in, refusal and person created is in the audit log.
 */
export function createFederatedSignIn(db: Kysely<Database>, users: UserService, now: () => Date = () => new Date()) {
  return {
    async signIn(provider: IdentityProvider, identity: FederatedIdentity): Promise<FederatedOutcome> {
      const outcome = await db.transaction().execute(async (trx): Promise<{ userId: number; created: boolean } | { refusal: SignInRefusal; email: string | undefined; userId: number | null }> => {
        const refuse = async (refusal: SignInRefusal, email: string | undefined, userId: number | null = null) => {
          await appendAudit(trx, { institutionId: provider.institutionId, actorId: null, action: 'signIn.refused', entity: 'identityProvider', entityId: provider.id, data: { refusal, subject: identity.subject, ...(email === undefined ? {} : { email }), ...(userId === null ? {} : { userId }) } })
          return { refusal, email, userId }
        }
        const accepted = async (userId: number, created: boolean) => {
          await appendAudit(trx, { institutionId: provider.institutionId, actorId: userId, action: 'signIn.provider', entity: 'identityProvider', entityId: provider.id, data: { subject: identity.subject, created } })
          return { userId, created }
        }
        const bound = await trx
          .selectFrom('user_identities as i')
          .innerJoin('users as u', 'u.id', 'i.user_id')
          .select(['u.id', 'u.disabled_at', 'u.role', 'u.institution_id'])
          .where('i.provider_id', '=', provider.id)
          .where('i.subject', '=', identity.subject)
          .executeTakeFirst()
        if (bound !== undefined) {
          // Nothing of another institution's person goes in this institution's log: not even that they exist.
          if (bound.role === OPERATOR_ROLE || bound.institution_id !== provider.institutionId) return refuse('noAccount', undefined)
          if (bound.disabled_at !== null) return refuse('accountDisabled', undefined, bound.id)
          await trx.updateTable('user_identities').set({ last_sign_in_at: now() }).where('provider_id', '=', provider.id).where('subject', '=', identity.subject).execute()
          return accepted(bound.id, false)
        }

        const email = verifiedEmailOf(identity.claims)
        if (email === undefined) return refuse('emailNotVerified', typeof identity.claims['email'] === 'string' ? identity.claims['email'] : undefined)
        if (!provider.emailDomains.includes(emailDomainOf(email))) return refuse('emailOutsideDomains', email)

        const person = await trx
          .selectFrom('users')
          .select(['id', 'disabled_at', 'role', 'institution_id'])
          .where(sql<string>`lower(email)`, '=', email)
          .forUpdate()
          .executeTakeFirst()
        if (person !== undefined) {
          if (person.role === OPERATOR_ROLE || person.institution_id !== provider.institutionId) return refuse('noAccount', email)
          if (person.disabled_at !== null) return refuse('accountDisabled', email, person.id)
          const bind = await trx
            .insertInto('user_identities')
            .values({ provider_id: provider.id, subject: identity.subject, user_id: person.id, last_sign_in_at: now() })
            .onConflict((oc) => oc.doNothing())
            .returning('user_id')
            .executeTakeFirst()
          // Bound to another subject at this provider already: someone else there says this is their email.
          if (bind === undefined) return refuse('identityTaken', email, person.id)
          return accepted(person.id, false)
        }

        if (!provider.createUnknown) return refuse('noAccount', email)
        const { roleProfileId, departmentId } = placementOf(provider.mappings, identity.claims)
        const made = await trx
          .insertInto('users')
          .values({ institution_id: provider.institutionId, email, name: displayNameOf(identity.claims, email), password_hash: null, role: 'lecturer', department_id: departmentId, role_profile_id: roleProfileId, reviewer_id: null, locale: null, disabled_at: null })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst()
        // Two first sign-ins of one new person at once: the other made them; this one signs in again.
        if (made === undefined) return refuse('identityTaken', email)
        await trx.insertInto('user_identities').values({ provider_id: provider.id, subject: identity.subject, user_id: made.id, last_sign_in_at: now() }).execute()
        await appendAudit(trx, { institutionId: provider.institutionId, actorId: made.id, action: 'staff.create', entity: 'staff', entityId: made.id, data: { via: provider.id, role: 'lecturer', roleProfileId, departmentId } })
        return accepted(made.id, true)
      })
      if ('refusal' in outcome) return { kind: 'refused', refusal: outcome.refusal, email: outcome.email }
      // Disabled between the commit and this read: refused as any later request of theirs would be.
      const user = await users.personOf(outcome.userId, provider.institutionId)
      if (user === undefined) return { kind: 'refused', refusal: 'accountDisabled', email: undefined }
      return { kind: 'signed-in', user, created: outcome.created }
    },
  }
}

export type FederatedSignIn = ReturnType<typeof createFederatedSignIn>
