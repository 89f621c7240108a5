/** The English catalogue, assembled from its areas in the files beside this one. */
import { appName, skipToContent, nav, punctuation, language, errors, validation, formatDate, formatNumber, formatPercent } from './common.js'
import { login, invite, mail, account } from './account.js'
import { home, plan } from './profile.js'
import { framework, crosswalk } from './framework.js'
import { programmes, activities } from './programmes.js'
import { hr } from './hr.js'
import { staff, review } from './staff.js'
import { design, coverage } from './design.js'
import { admin } from './admin.js'
import { audit } from './audit.js'
import { problems } from './problems.js'
import { visibility } from './visibility.js'
import { assessment } from './assessment.js'
import { selfAssessment } from './self-assessment.js'
import { rounds } from './rounds.js'
import { evidence, reviews } from './reviews.js'
import { credentials } from './credentials.js'
import { signInSettings } from './sign-in-settings.js'
import { provisioning } from './provisioning.js'
import { report } from './report.js'

/**
 * The English UI strings: the reference catalogue. Other languages are typed as `Messages`, so a
 * missing key fails the type check. Functions take what the sentence needs (counts for plurals).
 */
export const en = {
  appName,
  skipToContent,
  nav,
  punctuation,
  language,
  login,
  home,
  plan,
  programmes,
  activities,
  framework,
  hr,
  staff,
  review,
  invite,
  design,
  coverage,
  mail,
  account,
  errors,
  problems,
  validation,
  admin,
  audit,
  crosswalk,
  visibility,
  assessment,
  selfAssessment,
  rounds,
  evidence,
  reviews,
  credentials,
  signInSettings,
  provisioning,
  report,
  formatDate,
  formatNumber,
  formatPercent,
}

export type Messages = typeof en
