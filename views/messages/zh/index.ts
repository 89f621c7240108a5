/** The Simplified Chinese catalogue, assembled from its areas in the files beside this one. */
import type { Messages } from '../en/index.js'
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

/** The simplified Chinese UI strings (typed against the English reference, so no key can be missing). */
export const zh: Messages = {
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
  errors,
  problems,
  validation,
  formatDate,
  formatNumber,
  formatPercent,
}
