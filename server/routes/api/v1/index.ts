import type { FastifyPluginAsync } from 'fastify'
import activitiesApi from './activities.js'
import authApi from './auth.js'
import catalogueApi from './catalogue.js'
import credentialsApi from './credentials.js'
import evidenceApi from './evidence.js'
import exportApi from './export.js'
import frameworkApi from './framework.js'
import frameworksApi from './frameworks.js'
import identityProvidersApi from './identity-providers.js'
import institutionApi from './institution.js'
import institutionFrameworksApi from './institution-frameworks.js'
import institutionAssessmentsApi from './institution-assessments.js'
import meApi, { sharingApi } from './me.js'
import planApi from './plan.js'
import programmesApi from './programmes.js'
import reviewsApi from './reviews.js'
import roundsApi from './rounds.js'
import scimTokensApi from './scim-tokens.js'
import staffApi from './staff.js'

/** The JSON API, version 1; described at /openapi.json. */
const apiRoutes: FastifyPluginAsync = async (app) => {
  // The API speaks JSON only: any other body is a 415, not a string for the schema to puzzle over.
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded'])
  await app.register(authApi)
  await app.register(frameworkApi)
  await app.register(frameworksApi)
  await app.register(meApi)
  await app.register(sharingApi)
  await app.register(exportApi)
  await app.register(planApi)
  await app.register(programmesApi)
  await app.register(catalogueApi)
  await app.register(activitiesApi)
  await app.register(institutionApi)
  await app.register(institutionFrameworksApi)
  await app.register(institutionAssessmentsApi)
  await app.register(staffApi)
  await app.register(roundsApi)
  await app.register(evidenceApi)
  await app.register(reviewsApi)
  await app.register(credentialsApi)
  await app.register(identityProvidersApi)
  await app.register(scimTokensApi)
}

export default apiRoutes
