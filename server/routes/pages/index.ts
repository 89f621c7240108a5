import type { FastifyPluginAsync } from 'fastify'
import accountPages from './account.js'
import activityPages from './activities.js'
import adminFrameworkPages from './admin-frameworks.js'
import adminInstitutionPages from './admin-institutions.js'
import adminOperatorPages from './admin-operators.js'
import assessmentPages from './assessments.js'
import authPages, { type AuthPageOptions } from './auth.js'
import credentialPages from './credentials.js'
import designPages from './design.js'
import evidencePages from './evidence.js'
import frameworkPages from './framework.js'
import homePages from './home.js'
import hrPages from './hr.js'
import hrRoundPages from './hr-rounds.js'
import hrSignInPages from './hr-sign-in.js'
import hrProvisioningPages from './hr-provisioning.js'
import invitePages from './invite.js'
import languagePages from './language.js'
import planPages from './plan.js'
import reportPages from './report.js'
import reviewPages from './review.js'
import reviewsPages from './reviews.js'
import selfAssessmentPages from './self-assessment.js'
import signInProviderPages from './sign-in-providers.js'
import staffPages from './staff.js'

/** Every HTML page, each area an encapsulated plugin. */
const pageRoutes: FastifyPluginAsync<AuthPageOptions> = async (app, options) => {
  await app.register(authPages, options)
  await app.register(signInProviderPages, options)
  await app.register(homePages)
  await app.register(frameworkPages)
  await app.register(selfAssessmentPages)
  await app.register(planPages)
  await app.register(reportPages)
  await app.register(activityPages)
  await app.register(hrPages)
  await app.register(hrRoundPages)
  await app.register(hrSignInPages)
  await app.register(hrProvisioningPages)
  await app.register(assessmentPages)
  await app.register(staffPages)
  await app.register(invitePages)
  await app.register(reviewPages)
  await app.register(reviewsPages)
  await app.register(evidencePages)
  await app.register(credentialPages)
  await app.register(designPages)
  await app.register(languagePages)
  await app.register(accountPages)
  await app.register(adminFrameworkPages)
  await app.register(adminInstitutionPages)
  await app.register(adminOperatorPages)
}

export default pageRoutes
