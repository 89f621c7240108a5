import { csvDocument } from '../../server/domain/csv.js'
import type { PendingInvitation } from '../../server/services/staff.js'

/** The invitation links as CSV, one person a row, for a mail merge (cells neutralised against formulas). */
export function invitationsCsv(people: readonly (PendingInvitation & { readonly link: string })[]): string {
  return csvDocument([['name', 'email', 'department', 'link'], ...people.map((person) => [person.name, person.email, person.department ?? '', person.link])], { lineEnd: 'windows' })
}
