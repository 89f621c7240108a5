import { CompactEncrypt, compactDecrypt } from 'jose'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { emailDomainOf, type IdentityProvider, type IdentityProviderInput, type IdentityProviderPatch, type PlacementRule } from '../domain/identity-providers.js'
import { idpOfMetadata, MetadataError, type IdpDescription } from '../domain/saml.js'
import { appendAudit } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'

/** Who is changing a provider, and which institution they may change: the operator any (`undefined`). */
export interface ProviderActor {
  readonly id: number
  /** The institution an HR person keeps; undefined for the platform operator. */
  readonly institutionId: number | undefined
}

/** A provider as the sign-in uses it: with its client secret, or `unreadable` when the secret changed. */
export interface ProviderForSignIn extends IdentityProvider {
  readonly clientSecret: string | 'unreadable'
  /** Changes whenever the provider is edited: a cached discovery is thrown away with it. */
  readonly version: string
}

/**
 * An institution's identity providers: HR keep their own, the platform operator any institution's.
 * The client secret is written encrypted (JWE compact, `dir` + A256GCM) under a key from the
 * environment and is never read back out but to sign in. An email domain belongs to one institution:
 * a provider of another institution cannot claim it, so a sign-in never lands in the wrong one.
 *
 * ```ts
 * const providers = createIdentityProviderService(db, identityKeyFrom(secret))
 * await providers.create({ id: 1, institutionId: 2 }, 2, { kind: 'oidc', name: 'Google', ... })
 * ```
 */
export function createIdentityProviderService(db: Kysely<Database>, environmentKey: Uint8Array, readMetadata: (url: string) => Promise<string> = refuseMetadataReading) {
  if (environmentKey.length !== 32) throw new Error('the identity key must be 32 bytes')
  /** When reading each provider's metadata last failed, in this process: tried again an hour later. */
  const failedReads = new Map<number, number>()

  const rows = (from: Kysely<Database> = db) =>
    from
      .selectFrom('identity_providers')
      .select(['id', 'institution_id', 'kind', 'name', 'email_domains', 'create_unknown', 'mappings', 'issuer', 'client_id', 'client_secret_jwe', 'sso_url', 'signing_certificates', 'metadata_url', 'updated_at'])
      .orderBy('id')

  type Row = Awaited<ReturnType<ReturnType<typeof rows>['executeTakeFirstOrThrow']>>

  const shown = (row: Row): IdentityProvider => ({
    id: row.id,
    institutionId: row.institution_id,
    kind: row.kind,
    name: row.name,
    emailDomains: row.email_domains,
    createUnknown: row.create_unknown,
    mappings: row.mappings,
    issuer: row.issuer,
    clientId: row.client_id,
    hasClientSecret: row.client_secret_jwe !== null,
    ssoUrl: row.sso_url,
    certificates: row.signing_certificates,
    metadataUrl: row.metadata_url,
  })

  /**
   * The SAML IdP that metadata describes: the file given, else the one read from its address now
   * (given, else kept from before). Read at every save that names it, so new certificates are taken.
   */
  async function idpOf(source: { metadataUrl?: string | undefined; metadataXml?: string | undefined; entityId?: string | undefined }, keptUrl: string | null): Promise<IdpDescription & { metadataUrl: string | null }> {
    const url = source.metadataXml === undefined ? (source.metadataUrl ?? keptUrl) : null
    const field = source.metadataXml === undefined ? 'metadataUrl' : 'metadataXml'
    if (source.metadataXml === undefined && url === null) throw InvalidInputError.of('samlMetadataMissing', {}, { metadataXml: 'required' })
    let xml: string
    try {
      xml = source.metadataXml ?? (await readMetadata(url!))
    } catch (error) {
      throw InvalidInputError.of('samlMetadataUnreachable', { url: url!, why: error instanceof Error ? error.message.slice(0, 200) : '' }, { metadataUrl: 'unreachable' })
    }
    try {
      return { ...idpOfMetadata(xml, source.entityId), metadataUrl: url }
    } catch (error) {
      if (error instanceof MetadataError) throw InvalidInputError.of('samlMetadataUnusable', { fault: error.fault, detail: error.detail.slice(0, 200) }, { [field]: error.fault })
      throw error
    }
  }

  const encrypt = async (secret: string) =>
    secret === '' ? null : new CompactEncrypt(new TextEncoder().encode(secret)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(environmentKey)

  async function decrypt(jwe: string | null): Promise<string | 'unreadable'> {
    if (jwe === null) return ''
    try {
      return new TextDecoder().decode((await compactDecrypt(jwe, environmentKey)).plaintext)
    } catch {
      return 'unreadable'
    }
  }

  /** The provider `id`, when the actor may see it: another institution's is not there for HR. */
  async function found(trx: Kysely<Database>, actor: ProviderActor, id: number): Promise<Row> {
    let query = rows(trx).where('id', '=', id)
    if (actor.institutionId !== undefined) query = query.where('institution_id', '=', actor.institutionId)
    const row = await query.executeTakeFirst()
    if (row === undefined) throw NotFoundError.of('notFound', { thing: 'identityProvider', id })
    return row
  }

  /**
   * Refuses domains another institution's provider serves, and placements outside the institution.
   * Takes a lock on the domains first, so two institutions claiming one domain at once cannot both win.
   */
  async function checkClaims(trx: Kysely<Database>, institutionId: number, domains: readonly string[], mappings: readonly PlacementRule[]): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('identity_provider_domains'))`.execute(trx)
    const taken = await trx
      .selectFrom('identity_providers')
      .select('email_domains')
      .where('institution_id', '<>', institutionId)
      .where(sql<boolean>`email_domains ?| ${sql.val(domains)}::text[]`)
      .executeTakeFirst()
    if (taken !== undefined) throw ConflictError.of('emailDomainServedElsewhere', { domain: domains.find((domain) => taken.email_domains.includes(domain)) ?? domains[0]! })
    const roleProfiles = [...new Set(mappings.flatMap((rule) => (rule.roleProfileId === null ? [] : [rule.roleProfileId])))]
    const departments = [...new Set(mappings.flatMap((rule) => (rule.departmentId === null ? [] : [rule.departmentId])))]
    if (roleProfiles.length > 0) {
      const known = await trx.selectFrom('role_profiles').select('id').where('institution_id', '=', institutionId).where('id', 'in', roleProfiles).execute()
      const missing = roleProfiles.find((id) => !known.some((row) => row.id === id))
      if (missing !== undefined) throw InvalidInputError.of('notFound', { thing: 'roleProfile', id: missing }, { mappings: 'unknown role profile' })
    }
    if (departments.length > 0) {
      const known = await trx.selectFrom('departments').select('id').where('institution_id', '=', institutionId).where('disabled_at', 'is', null).where('id', 'in', departments).execute()
      const missing = departments.find((id) => !known.some((row) => row.id === id))
      if (missing !== undefined) throw InvalidInputError.of('notFound', { thing: 'department', id: missing }, { mappings: 'unknown department' })
    }
  }

  const audit = (trx: Kysely<Database>, actor: ProviderActor, institutionId: number, action: string, id: number, data: Record<string, unknown>) =>
    appendAudit(trx, { institutionId, actorId: actor.id, action, entity: 'identityProvider', entityId: id, data })

  /** What the log keeps of a provider: everything but its secret. */
  const logged = (input: Partial<IdentityProviderInput> | IdentityProviderPatch) => {
    const { clientSecret, metadataXml, ...rest } = input as { clientSecret?: string; metadataXml?: string }
    return { ...rest, ...(clientSecret === undefined ? {} : { clientSecret: clientSecret === '' ? 'none' : 'set' }), ...(metadataXml === undefined ? {} : { metadataXml: `${metadataXml.length} characters` }) }
  }

  return {
    async list(actor: ProviderActor): Promise<IdentityProvider[]> {
      let query = rows()
      if (actor.institutionId !== undefined) query = query.where('institution_id', '=', actor.institutionId)
      return (await query.execute()).map(shown)
    },

    /** The same, each with whether its secret is stored, absent, or no longer readable (HR's page). */
    async listWithSecretState(actor: ProviderActor): Promise<(IdentityProvider & { secret: 'stored' | 'none' | 'unreadable' })[]> {
      let query = rows()
      if (actor.institutionId !== undefined) query = query.where('institution_id', '=', actor.institutionId)
      return Promise.all(
        (await query.execute()).map(async (row) => {
          const secret = await decrypt(row.client_secret_jwe)
          return { ...shown(row), secret: secret === 'unreadable' ? ('unreadable' as const) : secret === '' ? ('none' as const) : ('stored' as const) }
        }),
      )
    },

    async get(actor: ProviderActor, id: number): Promise<IdentityProvider> {
      return shown(await found(db, actor, id))
    },

    async create(actor: ProviderActor, institutionId: number, input: IdentityProviderInput): Promise<{ id: number }> {
      const secretJwe = input.kind === 'oidc' ? await encrypt(input.clientSecret) : null
      const idp = input.kind === 'saml' ? await idpOf(input, null) : undefined
      return db.transaction().execute(async (trx) => {
        const institution = await trx.selectFrom('institutions').select('id').where('id', '=', institutionId).executeTakeFirst()
        if (institution === undefined) throw NotFoundError.of('notFound', { thing: 'institution', id: institutionId })
        await checkClaims(trx, institutionId, input.emailDomains, input.mappings)
        const { id } = await trx
          .insertInto('identity_providers')
          .values({
            institution_id: institutionId,
            kind: input.kind,
            name: input.name,
            email_domains: JSON.stringify([...new Set(input.emailDomains)]),
            create_unknown: input.createUnknown,
            mappings: JSON.stringify(input.mappings),
            issuer: idp?.entityId ?? (input.kind === 'oidc' ? input.issuer : ''),
            client_id: input.kind === 'oidc' ? input.clientId : '',
            client_secret_jwe: secretJwe,
            ...(idp === undefined ? {} : { sso_url: idp.ssoUrl, signing_certificates: JSON.stringify(idp.certificates), metadata_url: idp.metadataUrl, metadata_read_at: idp.metadataUrl === null ? null : new Date() }),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await audit(trx, actor, institutionId, 'identityProvider.create', id, logged(input))
        return { id }
      })
    },

    async update(actor: ProviderActor, id: number, patch: IdentityProviderPatch): Promise<IdentityProvider> {
      const secretJwe = patch.clientSecret === undefined ? undefined : await encrypt(patch.clientSecret)
      const before = await found(db, actor, id)
      const foreign = before.kind === 'saml' ? (['issuer', 'clientId', 'clientSecret'] as const).find((field) => patch[field] !== undefined) : (['metadataUrl', 'metadataXml', 'entityId'] as const).find((field) => patch[field] !== undefined)
      if (foreign !== undefined) throw InvalidInputError.of('providerFieldOfOtherKind', { field: foreign, kind: before.kind }, { [foreign]: 'not for this kind of provider' })
      const rereads = patch.metadataUrl !== undefined || patch.metadataXml !== undefined || patch.entityId !== undefined
      const idp = before.kind === 'saml' && rereads ? await idpOf(patch, before.metadata_url) : undefined
      return db.transaction().execute(async (trx) => {
        const row = await found(trx, actor, id)
        await checkClaims(trx, row.institution_id, patch.emailDomains ?? row.email_domains, patch.mappings ?? row.mappings)
        await trx
          .updateTable('identity_providers')
          .set({
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.emailDomains === undefined ? {} : { email_domains: JSON.stringify([...new Set(patch.emailDomains)]) }),
            ...(patch.createUnknown === undefined ? {} : { create_unknown: patch.createUnknown }),
            ...(patch.mappings === undefined ? {} : { mappings: JSON.stringify(patch.mappings) }),
            ...(patch.issuer === undefined ? {} : { issuer: patch.issuer }),
            ...(patch.clientId === undefined ? {} : { client_id: patch.clientId }),
            ...(secretJwe === undefined ? {} : { client_secret_jwe: secretJwe }),
            ...(idp === undefined ? {} : { issuer: idp.entityId, sso_url: idp.ssoUrl, signing_certificates: JSON.stringify(idp.certificates), metadata_url: idp.metadataUrl, metadata_read_at: idp.metadataUrl === null ? null : new Date() }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute()
        await audit(trx, actor, row.institution_id, 'identityProvider.update', id, logged(patch))
        return shown(await found(trx, actor, id))
      })
    },

    /** Removes the provider and the identities it bound; the people stay, and sign in another way. */
    async remove(actor: ProviderActor, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await found(trx, actor, id)
        const institution = await trx.selectFrom('institutions').select('password_sign_in').where('id', '=', row.institution_id).forNoKeyUpdate().executeTakeFirstOrThrow()
        if (!institution.password_sign_in) {
          const others = await trx.selectFrom('identity_providers').select('id').where('institution_id', '=', row.institution_id).where('id', '<>', id).limit(1).executeTakeFirst()
          // The last way in of an institution without passwords: nobody could sign in.
          if (others === undefined) throw ConflictError.of('passwordsNeedProvider', {})
        }
        await trx.deleteFrom('identity_providers').where('id', '=', id).execute()
        await audit(trx, actor, row.institution_id, 'identityProvider.remove', id, { name: row.name, issuer: row.issuer })
      })
    },

    /** Whether the institution's people may sign in with a password. */
    async passwordSignIn(institutionId: number): Promise<boolean> {
      return (await db.selectFrom('institutions').select('password_sign_in').where('id', '=', institutionId).executeTakeFirstOrThrow()).password_sign_in
    },

    /**
     * Allows or stops password sign-in for the actor's institution. Stopping it needs a provider, or
     * nobody could sign in; the platform operator's password always works.
     */
    async setPasswordSignIn(actor: { readonly id: number; readonly institutionId: number }, allowed: boolean): Promise<{ allowed: boolean; changed: boolean }> {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('institutions').select('password_sign_in').where('id', '=', actor.institutionId).forNoKeyUpdate().executeTakeFirstOrThrow()
        if (before.password_sign_in === allowed) return { allowed, changed: false }
        if (!allowed && (await trx.selectFrom('identity_providers').select('id').where('institution_id', '=', actor.institutionId).limit(1).executeTakeFirst()) === undefined) {
          throw ConflictError.of('passwordsNeedProvider', {})
        }
        await trx.updateTable('institutions').set({ password_sign_in: allowed }).where('id', '=', actor.institutionId).execute()
        await appendAudit(trx, { institutionId: actor.institutionId, actorId: actor.id, action: 'institution.passwordSignIn', entity: 'institution', entityId: actor.institutionId, data: { allowed } })
        return { allowed, changed: true }
      })
    },

    /** Whether an email's domain belongs to an institution that signs in only through its providers (the sign-in page says so). */
    async passwordsOffFor(email: string): Promise<boolean> {
      const domain = emailDomainOf(email)
      if (domain === '') return false
      const found = await db
        .selectFrom('identity_providers')
        .innerJoin('institutions', 'institutions.id', 'identity_providers.institution_id')
        .select('identity_providers.id')
        .where(sql<boolean>`identity_providers.email_domains ? ${domain}`)
        .where('institutions.password_sign_in', '=', false)
        .limit(1)
        .executeTakeFirst()
      return found !== undefined
    },

    /** Where every provider signs people in (an OpenID issuer's origin, a SAML IdP's sign-on address's): none, and the sign-in page offers no work-email form. */
    async issuerOrigins(): Promise<string[]> {
      const issuers = await db.selectFrom('identity_providers').select(['kind', 'issuer', 'sso_url']).distinct().execute()
      return [...new Set(issuers.map((row) => new URL(row.kind === 'saml' ? row.sso_url! : row.issuer).origin))]
    },

    /** The providers that serve an email's domain (the sign-in page's "Sign in with ..."). */
    async forEmail(email: string): Promise<IdentityProvider[]> {
      const domain = emailDomainOf(email)
      if (domain === '') return []
      return (await rows().where(sql<boolean>`email_domains ? ${domain}`).execute()).map(shown)
    },

    /**
     * Reads a SAML IdP's metadata from its address again when it is a day old, as a sign-in starts:
     * a rolled-over signing certificate is taken before the person reaches the IdP. The same IdP only
     * (another entity ID there is kept out and logged); an address that fails leaves what is kept, and
     * is tried again an hour later. Returns whether anything changed.
     */
    async refreshSamlMetadata(id: number, now: Date = new Date()): Promise<'fresh' | 'changed' | 'unchanged' | 'failed'> {
      const row = await db.selectFrom('identity_providers').select(['institution_id', 'kind', 'issuer', 'sso_url', 'signing_certificates', 'metadata_url', 'metadata_read_at']).where('id', '=', id).executeTakeFirst()
      if (row === undefined || row.kind !== 'saml' || row.metadata_url === null) return 'fresh'
      const age = now.getTime() - (row.metadata_read_at?.getTime() ?? 0)
      const lastFailure = failedReads.get(id) ?? 0
      if (age < METADATA_MAX_AGE_MS || now.getTime() - lastFailure < METADATA_RETRY_MS) return 'fresh'
      let idp: IdpDescription
      try {
        idp = idpOfMetadata(await readMetadata(row.metadata_url), row.issuer)
      } catch {
        failedReads.set(id, now.getTime())
        return 'failed'
      }
      failedReads.delete(id)
      const changed = idp.ssoUrl !== row.sso_url || JSON.stringify(idp.certificates) !== JSON.stringify(row.signing_certificates)
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('identity_providers')
          .set({ sso_url: idp.ssoUrl, signing_certificates: JSON.stringify(idp.certificates), metadata_read_at: now, ...(changed ? { updated_at: now } : {}) })
          .where('id', '=', id)
          .execute()
        if (changed) await appendAudit(trx, { institutionId: row.institution_id, actorId: null, action: 'identityProvider.metadataRefresh', entity: 'identityProvider', entityId: id, data: { ssoUrl: idp.ssoUrl, certificates: idp.certificates.length } })
      })
      return changed ? 'changed' : 'unchanged'
    },

    /** The provider with its secret, for the sign-in: undefined when there is none. */
    async forSignIn(id: number): Promise<ProviderForSignIn | undefined> {
      const row = await rows().where('id', '=', id).executeTakeFirst()
      if (row === undefined) return undefined
      return { ...shown(row), clientSecret: await decrypt(row.client_secret_jwe), version: row.updated_at.toISOString() }
    },
  }
}

export type IdentityProviderService = ReturnType<typeof createIdentityProviderService>

/** A SAML IdP's metadata is read again from its address at a sign-in once it is this old. */
const METADATA_MAX_AGE_MS = 24 * 3600_000
const METADATA_RETRY_MS = 3600_000

/** Without a reader (tests of other things), metadata must be given as the file. */
async function refuseMetadataReading(): Promise<string> {
  throw new Error('metadata is not read from addresses here')
}
