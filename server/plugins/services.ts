import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { createFrameworkService, type FrameworkService } from '../services/frameworks.js'
import { createHealthService } from '../services/health.js'
import { createRatingService, type RatingService } from '../services/ratings.js'
import { createUserService, type UserService } from '../services/users.js'

export interface Services {
  readonly frameworks: FrameworkService
  readonly users: UserService
  readonly ratings: RatingService
  readonly health: ReturnType<typeof createHealthService>
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** Builds the services once per app from the database handle, for every route to share. */
export default fp<{ db: Kysely<Database> }>(
  async (app, { db }) => {
    const frameworks = createFrameworkService(db)
    app.decorate('services', {
      frameworks,
      users: createUserService(db),
      ratings: createRatingService(db, frameworks),
      health: createHealthService(db),
    })
  },
  { name: 'services' },
)
