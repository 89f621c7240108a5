import type { Migration } from 'kysely'
import * as dataModel from './0001_data_model.js'
import * as profilesAndCatalogue from './0002_profiles_and_catalogue.js'
import * as reviewers from './0003_reviewers.js'
import * as validations from './0004_validations.js'
import * as departmentArchive from './0005_department_archive.js'
import * as signInThrottle from './0006_sign_in_throttle.js'
import * as programmeEditing from './0007_programme_editing.js'
import * as frameworkLifecycle from './0008_framework_lifecycle.js'
import * as sessionChangeNotify from './0009_session_change_notify.js'
import * as frameworkTranslations from './0010_framework_translations.js'
import * as signInDelays from './0012_sign_in_delays.js'
import * as ratingVisibility from './0013_rating_visibility.js'
import * as uniqueWhereOne from './0015_unique_where_one.js'
import * as frameworksPerPurpose from './0016_frameworks_per_purpose.js'
import * as subjectAssessments from './0017_subject_assessments.js'
import * as currentRatingEvidence from './0018_current_rating_evidence.js'
import * as idempotencyKeys from './0019_idempotency_keys.js'
import * as reportSums from './0020_report_sums.js'
import * as studyLanguages from './0021_study_languages.js'
import * as assessmentRounds from './0022_assessment_rounds.js'
import * as reportShares from './0023_report_shares.js'
import * as notApplicable from './0024_not_applicable.js'
import * as notYet from './0025_not_yet.js'
import * as institutionTimeZone from './0026_institution_time_zone.js'
import * as caseIdentity from './0027_case_identity.js'
import * as frameworkAssociations from './0028_framework_associations.js'
import * as caseSubscription from './0029_case_subscription.js'
import * as caseDetails from './0030_case_details.js'
import * as caseRateable from './0031_case_rateable.js'
import * as evidenceAndReviews from './0032_evidence_and_reviews.js'
import * as credentials from './0033_credentials.js'
import * as identityProviders from './0034_identity_providers.js'
import * as saml from './0035_saml.js'
import * as samlMetadataRead from './0037_saml_metadata_read.js'
import * as scim from './0036_scim.js'

/**
 * Every migration, in order. Listed statically rather than read from the folder, so the type checker
 * sees them and no loader has to import TypeScript at run time.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_data_model': dataModel,
  '0002_profiles_and_catalogue': profilesAndCatalogue,
  '0003_reviewers': reviewers,
  '0004_validations': validations,
  '0005_department_archive': departmentArchive,
  '0006_sign_in_throttle': signInThrottle,
  '0007_programme_editing': programmeEditing,
  '0008_framework_lifecycle': frameworkLifecycle,
  '0009_session_change_notify': sessionChangeNotify,
  '0010_framework_translations': frameworkTranslations,
  '0012_sign_in_delays': signInDelays,
  '0013_rating_visibility': ratingVisibility,
  '0015_unique_where_one': uniqueWhereOne,
  '0016_frameworks_per_purpose': frameworksPerPurpose,
  '0017_subject_assessments': subjectAssessments,
  '0018_current_rating_evidence': currentRatingEvidence,
  '0019_idempotency_keys': idempotencyKeys,
  '0020_report_sums': reportSums,
  '0021_study_languages': studyLanguages,
  '0022_assessment_rounds': assessmentRounds,
  '0023_report_shares': reportShares,
  '0024_not_applicable': notApplicable,
  '0025_not_yet': notYet,
  '0026_institution_time_zone': institutionTimeZone,
  '0027_case_identity': caseIdentity,
  '0028_framework_associations': frameworkAssociations,
  '0029_case_subscription': caseSubscription,
  '0030_case_details': caseDetails,
  '0031_case_rateable': caseRateable,
  '0032_evidence_and_reviews': evidenceAndReviews,
  '0033_credentials': credentials,
  '0034_identity_providers': identityProviders,
  '0035_saml': saml,
  '0036_scim': scim,
  '0037_saml_metadata_read': samlMetadataRead,
}
