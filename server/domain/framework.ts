import type { Translations } from './translations.js'

/**
 * The words of a competency framework that every layer shares: the database types its columns with
 * them, the data files and CASE packages are read into them, the views show them.
 */

/** A node of the tree: domains hold competencies, competencies may hold indicators. */
export type NodeKind = 'domain' | 'competency' | 'indicator'

/** Who made a person's rating: the person themselves, or their reviewer validating it. */
export type RatingSource = 'self' | 'reviewer'

/** Whether a framework's text is the publisher's own or our model of it. */
export type FrameworkStatus = 'provisional' | 'official'

/** Where a framework or a node comes from. */
export interface SourceRef {
  title: string
  url?: string
  note?: string
}

/** What a competency looks like at one level of the scale. */
export interface LevelDescriptor {
  label?: string
  description: string
  translations?: Translations
}

/** A group of staff a framework names (teachers, leaders...), which nodes may apply to. */
export interface StaffGroup {
  code: string
  title: string
  translations?: Translations
}
