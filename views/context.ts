import { DEFAULT_TIME_ZONE } from '../server/domain/time-zone.js'
import type { SessionUser } from '../server/services/users.js'
import type { Messages } from './messages/en/index.js'

/** What every page needs besides its own data: who is looking, in which language, and the form token. */
export interface ViewContext {
  readonly user: SessionUser | null
  readonly csrfToken: string
  /** The path of the page, to mark the current navigation entry. */
  readonly path: string
  /** The path and query of the page, where the language switch leads back to. */
  readonly url: string
  readonly locale: string
  readonly m: Messages
  readonly assets: { readonly css: string; readonly js: string; readonly copy: string }
}

/** The time zone a page shows days and times in: the reader's institution's (UTC when signed out). */
export function timeZoneOf(context: ViewContext): string {
  return context.user?.timeZone ?? DEFAULT_TIME_ZONE
}
