import { createCaseProvider, type CaseProvider } from '../services/case-provider.js'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { createActivityService, type ActivityService } from '../services/activities.js'
import { createCatalogueService, type CatalogueService } from '../services/catalogue.js'
import { createCatalogueTransferService, type CatalogueTransferService } from '../services/catalogue-transfer.js'
import { createCoverageService, type CoverageService } from '../services/coverage.js'
import { createCredentialService, type CredentialService } from '../services/credentials.js'
import { createIssuerKeys } from '../services/issuer-keys.js'
import { createIssuerService, type IssuerService } from '../services/issuers.js'
import { createCompletionService, type CompletionService } from '../services/completions.js'
import { createCredentialSettings, type CredentialSettings } from '../services/credential-settings.js'
import { createCrosswalkService, type CrosswalkService } from '../services/crosswalks.js'
import { readCaseSchema, readRoleProfileFiles, readSchema, shippedFiles } from '../services/data-files.js'
import { createFrameworkExchangeService, type FrameworkExchangeService } from '../services/framework-exchange.js'
import { createFrameworkService, type FrameworkService } from '../services/frameworks.js'
import { createFrameworkUseService, type FrameworkUseService } from '../services/framework-uses.js'
import { createHealthService } from '../services/health.js'
import { createInsightService, type InsightService } from '../services/insights.js'
import { createOperatorService, type OperatorService } from '../services/operators.js'
import { createInstitutionService, type InstitutionService } from '../services/institution.js'
import { createInstitutionAdminService, type InstitutionAdminService } from '../services/institutions-admin.js'
import { createPersonalDataService, type PersonalDataService } from '../services/personal-data.js'
import { createPlanService, type PlanService } from '../services/plan.js'
import { createReportShareService, type ReportShareService } from '../services/report-shares.js'
import { createEvidenceService, type EvidenceService } from '../services/evidence.js'
import { createReviewService, type ReviewMailQueue, type ReviewService } from '../services/reviews.js'
import { createRoundService, type RoundMailQueue, type RoundService } from '../services/rounds.js'
import { createProgrammeService, type ProgrammeService } from '../services/programmes.js'
import { createIdempotencyService, type IdempotencyService } from '../services/idempotency.js'
import { createJudgementEngine } from '../services/judgements.js'
import { createRatingService, type RatingService } from '../services/ratings.js'
import { createSignInThrottle, type SignInLimits, type SignInThrottle } from '../services/sign-in-throttle.js'
import { createReportService, type ReportService } from '../services/reports.js'
import { createSelfAssessmentService, type SelfAssessmentService } from '../services/self-assessment.js'
import { createSubjectAssessmentService, type SubjectAssessmentService } from '../services/subject-assessments.js'
import { createStaffService, type StaffService } from '../services/staff.js'
import { createStaffImportService, type StaffImportService } from '../services/staff-import.js'
import { createTargetService, type TargetService } from '../services/targets.js'
import type { SessionCache } from '../services/session-cache.js'
import { createUserService, type UserService } from '../services/users.js'
import { createFederatedSignIn, type FederatedSignIn } from '../services/federated-sign-in.js'
import { createIdentityProviderService, type IdentityProviderService } from '../services/identity-providers.js'
import { createOidcClient, type OidcClient } from '../services/oidc.js'
import { createSamlClient, fetchMetadata, type SamlClient } from '../services/saml.js'
import { createScimGroupService, type ScimGroupService } from '../services/scim-groups.js'
import { createScimTokenService, type ScimTokenService } from '../services/scim-tokens.js'
import { createScimUserService, type ScimUserService } from '../services/scim-users.js'
import { createValidationService, type ValidationService } from '../services/validations.js'
import { createVisibilityService, type VisibilityService } from '../services/visibility.js'

export interface Services {
  readonly frameworks: FrameworkService
  readonly frameworkUses: FrameworkUseService
  readonly frameworkExchange: FrameworkExchangeService
  readonly caseProvider: CaseProvider
  readonly crosswalks: CrosswalkService
  readonly users: UserService
  readonly ratings: RatingService
  readonly idempotency: IdempotencyService
  readonly targets: TargetService
  readonly programmes: ProgrammeService
  readonly activities: ActivityService
  readonly plan: PlanService
  readonly reportShares: ReportShareService
  readonly reports: ReportService
  readonly selfAssessment: SelfAssessmentService
  readonly institution: InstitutionService
  readonly institutionAdmin: InstitutionAdminService
  readonly operators: OperatorService
  readonly staff: StaffService
  readonly staffImport: StaffImportService
  readonly validations: ValidationService
  readonly visibility: VisibilityService
  readonly personalData: PersonalDataService
  readonly insights: InsightService
  readonly health: ReturnType<typeof createHealthService>
  readonly catalogue: CatalogueService
  readonly coverage: CoverageService
  readonly catalogueTransfer: CatalogueTransferService
  readonly signInThrottle: SignInThrottle
  readonly subjectAssessments: SubjectAssessmentService
  readonly rounds: RoundService
  readonly evidence: EvidenceService
  readonly reviews: ReviewService
  readonly credentials: CredentialService
  readonly issuers: IssuerService
  readonly completions: CompletionService
  readonly credentialSettings: CredentialSettings
  readonly identityProviders: IdentityProviderService
  readonly federatedSignIn: FederatedSignIn
  readonly oidc: OidcClient
  readonly scimTokens: ScimTokenService
  readonly scimUsers: ScimUserService
  readonly scimGroups: ScimGroupService
  readonly saml: SamlClient
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** Builds the services once per app from the database handle, for every route to share. */
export default fp<{
  db: Kysely<Database>
  signInLimits?: SignInLimits | undefined
  sessionCache?: SessionCache | undefined
  roundMail: RoundMailQueue
  reviewMail: ReviewMailQueue
  /** The key that encrypts the issuers' private keys, and where credentials are published. */
  credentials: { readonly key: Uint8Array; readonly origin: string }
  /** The keys that encrypt the identity providers' secrets and the sign-in flow cookie. */
  identity: { readonly secretsKey: Uint8Array; readonly flowKey: Uint8Array }
}>(
  async (app, { db, signInLimits, sessionCache, roundMail, reviewMail, credentials: credentialOptions, identity }) => {
    const now = () => new Date()
    const frameworks = createFrameworkService(db)
    const frameworkUses = createFrameworkUseService(db, frameworks)
    // The assessment engine: every rating, validation and panel judgement is written through it.
    const judgements = createJudgementEngine(db)
    const ratings = createRatingService(db, frameworkUses, judgements)
    const targets = createTargetService(db, ratings)
    const programmes = createProgrammeService(db, frameworks)
    const activities = createActivityService(db, now)
    const visibility = createVisibilityService(db)
    const reports = createReportService(db)
    const users = createUserService(db, sessionCache)
    const rounds = createRoundService(db, { frameworkUses, mail: roundMail, now })
    const issuerKeys = createIssuerKeys(db, credentialOptions.key)
    const credentials = createCredentialService(db, issuerKeys, { origin: credentialOptions.origin }, now)
    const validations = createValidationService(db, frameworks, visibility, judgements, credentials)
    const [frameworkSchema, caseSchema] = await Promise.all([readSchema('framework'), readCaseSchema()])
    const frameworkExchange = createFrameworkExchangeService(db, frameworks, { framework: frameworkSchema, case: caseSchema })
    app.decorate('services', {
      frameworks,
      frameworkUses,
      frameworkExchange,
      caseProvider: createCaseProvider(db, (id, base, version) => frameworkExchange.casePackage(id, base, version)),
      crosswalks: createCrosswalkService(db),
      users,
      ratings,
      idempotency: createIdempotencyService(db),
      targets,
      programmes,
      activities,
      plan: createPlanService({ ratings, targets, programmes, activities, users, rounds, now }),
      reportShares: createReportShareService(db),
      selfAssessment: createSelfAssessmentService({ ratings, targets, rounds }),
      rounds,
      reports,
      institution: createInstitutionService(db),
      institutionAdmin: createInstitutionAdminService(db, frameworks, async () => readRoleProfileFiles(await shippedFiles('role-profiles'))),
      operators: createOperatorService(db),
      staff: createStaffService(db),
      staffImport: createStaffImportService(db),
      validations,
      evidence: createEvidenceService(db),
      reviews: createReviewService(db, { validations, visibility, mail: reviewMail, now }),
      credentials,
      issuers: createIssuerService(db, issuerKeys, { origin: credentialOptions.origin }, now),
      completions: createCompletionService(db, credentials, now),
      credentialSettings: createCredentialSettings(db),
      identityProviders: createIdentityProviderService(db, identity.secretsKey, fetchMetadata),
      federatedSignIn: createFederatedSignIn(db, users, now),
      oidc: createOidcClient(identity.flowKey, { now: () => now().getTime() }),
      // The library checks times against the real clock: so do its stored requests.
      saml: createSamlClient(db),
      scimTokens: createScimTokenService(db),
      scimUsers: createScimUserService(db),
      scimGroups: createScimGroupService(db),
      visibility,
      personalData: createPersonalDataService(db, activities, visibility),
      insights: createInsightService(db),
      health: createHealthService(db),
      catalogue: createCatalogueService(db, frameworks),
      coverage: createCoverageService(db, frameworks, programmes),
      catalogueTransfer: createCatalogueTransferService(db, frameworks),
      signInThrottle: createSignInThrottle(db, signInLimits),
      subjectAssessments: createSubjectAssessmentService(db, frameworks, frameworkUses, reports, judgements),
    })
  },
  { name: 'services' },
)
