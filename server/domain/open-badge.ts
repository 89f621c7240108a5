import { gzipSync, gunzipSync } from 'node:zlib'

/**
 * Open Badges 3.0 credentials, as data: the `OpenBadgeCredential` (a W3C Verifiable Credential in the
 * 1.1 data model, the shape the Open Badges 3.0 JSON Schema requires), the claims of its VC-JWT, and
 * the Bitstring Status List that revokes it. No I/O and no keys here: services/credentials.ts signs.
 *
 * ```ts
 * const credential = openBadgeCredential({ kind: 'competency', id: 'https://u.example/credentials/5b1…', … })
 * credentialClaims(credential) // { iss, jti, nbf, sub, exp?, vc }
 * ```
 */

export const CREDENTIAL_KINDS = ['competency', 'programme'] as const
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]

/**
 * Where credentials and their issuers are published, from the app's origin: each credential's page,
 * each institution's issuer profile, revocation list and keys (a key's address is its `kid`, which a
 * verifier dereferences to the JWK), and the CASE items credentials align to.
 */
export function credentialAddresses(origin: string) {
  const base = origin.replace(/\/+$/, '')
  const issuerId = (institutionId: number) => `${base}/issuers/${institutionId}`
  return {
    origin: base,
    issuerId,
    listUrl: (institutionId: number) => `${issuerId(institutionId)}/status/revocation`,
    keyUrl: (institutionId: number, kid: string) => `${issuerId(institutionId)}/keys/${kid}`,
    credentialUrl: (id: string) => `${base}/credentials/${id}`,
    caseUri: (identifier: string) => `${base}/ims/case/v1p0/CFItems/${identifier}`,
  }
}

/** The contexts an Open Badges 3.0 credential names, in this order (VC 1.1 first). */
export const OPEN_BADGE_CONTEXTS = ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const

/**
 * Entries in an institution's revocation list: the smallest the Bitstring Status List allows (16 KB),
 * so a list says little about how many credentials there are; an index is drawn at random in it.
 */
export const STATUS_LIST_LENGTH = 131_072

export type CredentialLanguage = 'en' | 'fr' | 'zh'

export interface Issuer {
  /** The issuer profile's address (it answers with the profile). */
  readonly id: string
  readonly name: string
}

export interface Holder {
  /** A `urn:uuid:` that names the holder to this issuer only. */
  readonly id: string
  readonly name: string
  /** `sha256$<hex>` of the email followed by the salt, so the holder can prove the address is theirs. */
  readonly emailHash: string
  readonly salt: string
}

/** What a competency item is, as a credential aligns to it (its CASE item). */
export interface AlignedItem {
  readonly code: string
  readonly title: string
  /** The CASE item's uri: `<origin>/ims/case/v1p0/CFItems/<identifier>`. */
  readonly caseUri: string
  readonly frameworkTitle: string
}

export interface LevelStep {
  readonly level: number
  readonly label: string
  readonly description: string
}

interface CredentialBase {
  /** The credential's address: `<origin>/credentials/<uuid>`. */
  readonly id: string
  readonly issuer: Issuer
  readonly holder: Holder
  readonly issuedAt: Date
  readonly expiresAt?: Date | undefined
  readonly language: CredentialLanguage
  /** The credential's entry in the issuer's revocation list. */
  readonly status: { readonly listUrl: string; readonly index: number }
  /** A stable `urn:uuid:` for what was achieved (the same competency of the same issuer: the same achievement). */
  readonly achievementId: string
  readonly imageUrl: string
}

export interface CompetencyCredentialInput extends CredentialBase {
  readonly kind: 'competency'
  readonly item: AlignedItem & { readonly description: string }
  /** Every level of the scale: the achievement's rubric. */
  readonly scale: readonly LevelStep[]
  readonly scaleTitle: string
  readonly level: number
}

export interface ProgrammeCredentialInput extends CredentialBase {
  readonly kind: 'programme'
  readonly programme: { readonly code: string; readonly title: string; readonly description: string; readonly hours: number; readonly provider: string; readonly url: string | null }
  /** The competencies the programme develops. */
  readonly aligned: readonly AlignedItem[]
  /** The day the person completed it (YYYY-MM-DD). */
  readonly completedOn: string
}

export type CredentialInput = CompetencyCredentialInput | ProgrammeCredentialInput

/** The credential as JSON: what `vc` carries in the VC-JWT. */
export type OpenBadgeCredential = Record<string, unknown> & { readonly id: string; readonly issuanceDate: string; readonly expirationDate?: string }

/** A credential's state as a verifier finds it. */
export type CredentialState = 'valid' | 'revoked' | 'expired' | 'invalid'

/** The sentences a credential carries, in the holder's language. */
const WORDING: Record<CredentialLanguage, { competencyName: (title: string, label: string) => string; competencyCriteria: (input: CompetencyCredentialInput, step: LevelStep) => string; programmeName: (title: string) => string; programmeCriteria: (input: ProgrammeCredentialInput) => string; level: string }> = {
  en: {
    competencyName: (title, label) => `${title}: ${label}`,
    competencyCriteria: (input, step) =>
      `The holder's self-assessment of "${input.item.title}" (${input.item.code}, ${input.item.frameworkTitle}) and the evidence they gave were reviewed by ${input.issuer.name}, who validated level ${step.level}, "${step.label}", against its descriptor: ${step.description}`,
    programmeName: (title) => `Completed: ${title}`,
    programmeCriteria: (input) =>
      `The holder completed the professional development programme "${input.programme.title}" (${input.programme.code}, ${input.programme.hours} hours, ${input.programme.provider}) on ${input.completedOn}; ${input.issuer.name} confirmed the completion.`,
    level: 'Level',
  },
  fr: {
    competencyName: (title, label) => `${title} : ${label}`,
    competencyCriteria: (input, step) =>
      `L'auto-évaluation du titulaire pour « ${input.item.title} » (${input.item.code}, ${input.item.frameworkTitle}) et les preuves fournies ont été examinées par ${input.issuer.name}, qui a validé le niveau ${step.level}, « ${step.label} », selon son descripteur : ${step.description}`,
    programmeName: (title) => `Programme suivi : ${title}`,
    programmeCriteria: (input) =>
      `Le titulaire a suivi le programme de développement professionnel « ${input.programme.title} » (${input.programme.code}, ${input.programme.hours} heures, ${input.programme.provider}) jusqu'au ${input.completedOn} ; ${input.issuer.name} a confirmé qu'il l'a terminé.`,
    level: 'Niveau',
  },
  zh: {
    competencyName: (title, label) => `${title}：${label}`,
    competencyCriteria: (input, step) =>
      `持有人对“${input.item.title}”（${input.item.code}，${input.item.frameworkTitle}）的自评及其提供的证据已由${input.issuer.name}审核，按该级别的描述确认为第 ${step.level} 级“${step.label}”：${step.description}`,
    programmeName: (title) => `已完成：${title}`,
    programmeCriteria: (input) =>
      `持有人于 ${input.completedOn} 完成了专业发展项目“${input.programme.title}”（${input.programme.code}，${input.programme.hours} 学时，${input.programme.provider}），${input.issuer.name}已确认其完成。`,
    level: '级别',
  },
}

/** An alignment to a CASE item (the framework item the credential is about). */
function alignment(item: AlignedItem): Record<string, unknown> {
  return { type: ['Alignment'], targetName: item.title, targetUrl: item.caseUri, targetCode: item.code, targetFramework: item.frameworkTitle, targetType: 'CFItem' }
}

/** Seconds since the epoch, as JWT claims count them. */
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000)

/** An ISO date without milliseconds: what the VC data model's dateTime reads everywhere. */
export const credentialDate = (date: Date): string => new Date(seconds(date) * 1000).toISOString().replace('.000Z', 'Z')

/**
 * The Open Badges 3.0 `OpenBadgeCredential` for a validated competency level (the level as the
 * result, the scale as the rubric, aligned to the CASE item) or a confirmed programme completion
 * (aligned to the competencies the programme develops).
 */
export function openBadgeCredential(input: CredentialInput): OpenBadgeCredential {
  const words = WORDING[input.language]
  const subjectBase = {
    id: input.holder.id,
    type: ['AchievementSubject'],
    identifier: [
      { type: 'IdentityObject', identityHash: input.holder.emailHash, identityType: 'emailAddress', hashed: true, salt: input.holder.salt },
      { type: 'IdentityObject', identityHash: input.holder.name, identityType: 'name', hashed: false },
    ],
  }
  let name: string
  let credentialSubject: Record<string, unknown>
  if (input.kind === 'competency') {
    const step = input.scale.find((entry) => entry.level === input.level)
    if (step === undefined) throw new Error(`level ${input.level} is not on the scale`)
    const rubricId = `${input.achievementId}#levels`
    const levelId = (level: number) => `${input.achievementId}#level-${level}`
    name = words.competencyName(input.item.title, step.label)
    credentialSubject = {
      ...subjectBase,
      achievement: {
        id: input.achievementId,
        type: ['Achievement'],
        achievementType: 'Competency',
        name: input.item.title,
        description: input.item.description === '' ? input.item.title : input.item.description,
        criteria: { narrative: words.competencyCriteria(input, step) },
        image: { id: input.imageUrl, type: 'Image' },
        humanCode: input.item.code,
        inLanguage: input.language,
        alignment: [alignment(input.item)],
        resultDescription: [
          {
            id: rubricId,
            type: ['ResultDescription'],
            name: input.scaleTitle === '' ? words.level : input.scaleTitle,
            resultType: 'RubricCriterionLevel',
            allowedValue: input.scale.map((entry) => entry.label),
            rubricCriterionLevel: input.scale.map((entry) => ({ id: levelId(entry.level), type: ['RubricCriterionLevel'], name: entry.label, description: entry.description, level: String(entry.level) })),
          },
        ],
      },
      result: [{ type: ['Result'], resultDescription: rubricId, achievedLevel: levelId(input.level), value: step.label }],
    }
  } else {
    name = words.programmeName(input.programme.title)
    credentialSubject = {
      ...subjectBase,
      achievement: {
        id: input.achievementId,
        type: ['Achievement'],
        achievementType: 'Course',
        name: input.programme.title,
        description: input.programme.description === '' ? input.programme.title : input.programme.description,
        criteria: { narrative: words.programmeCriteria(input), ...(input.programme.url === null ? {} : { id: input.programme.url }) },
        image: { id: input.imageUrl, type: 'Image' },
        humanCode: input.programme.code,
        inLanguage: input.language,
        ...(input.aligned.length === 0 ? {} : { alignment: input.aligned.map(alignment) }),
      },
    }
  }
  return {
    '@context': [...OPEN_BADGE_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name },
    issuanceDate: credentialDate(input.issuedAt),
    ...(input.expiresAt === undefined ? {} : { expirationDate: credentialDate(input.expiresAt) }),
    credentialSubject,
    credentialStatus: {
      id: `${input.status.listUrl}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl,
    },
  }
}

/** The VC-JWT claims of a credential (Open Badges 3.0, "VC-JWT"): iss, jti, nbf, sub, exp, and the credential in `vc`. */
export function credentialClaims(credential: OpenBadgeCredential): Record<string, unknown> {
  const issuer = credential.issuer as { id: string }
  const subject = credential.credentialSubject as { id: string }
  return {
    iss: issuer.id,
    jti: credential.id,
    nbf: seconds(new Date(credential.issuanceDate)),
    sub: subject.id,
    ...(credential.expirationDate === undefined ? {} : { exp: seconds(new Date(credential.expirationDate)) }),
    vc: credential,
  }
}

/**
 * The revocation list as the Bitstring Status List writes it: bit i (the most significant bit of
 * byte i / 8 first) set for a revoked index, gzipped, base64url, multibase prefix `u`.
 */
export function encodeStatusList(revoked: Iterable<number>, length: number = STATUS_LIST_LENGTH): string {
  const bits = Buffer.alloc(length / 8)
  for (const index of revoked) {
    if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`status index ${index} is outside the list`)
    bits[index >> 3]! |= 0x80 >> (index & 7)
  }
  return `u${gzipSync(bits).toString('base64url')}`
}

/** Whether an encoded list has the index set (what a verifier does with the list). */
export function statusListHas(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('the list is not multibase base64url')
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'))
  if (index < 0 || index >= bits.length * 8) throw new RangeError(`status index ${index} is outside the list`)
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0
}

/** The revocation list credential (VC 2.0, as the Bitstring Status List defines it), secured as a `vc+jwt`. */
export function statusListCredential(input: { readonly listUrl: string; readonly issuerId: string; readonly at: Date; readonly encodedList: string }): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerId,
    validFrom: credentialDate(input.at),
    credentialSubject: { id: `${input.listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: input.encodedList },
  }
}

/** The issuer profile published at the issuer's id (Open Badges 3.0 `Profile`). */
export function issuerProfile(input: { readonly id: string; readonly name: string; readonly url: string }): Record<string, unknown> {
  return {
    '@context': ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: input.id,
    type: ['Profile'],
    name: input.name,
    url: input.url,
  }
}
