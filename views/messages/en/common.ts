/** The English strings every page shares: the app name, navigation, language switch, errors, validation and the number and date formats. */

export const appName = 'Competency Tracker'

export const skipToContent = 'Skip to content'

export const nav = {
  home: 'My profile',
  framework: 'Framework',
  plan: 'My plan',
  programmes: 'Programmes',
  activities: 'My activities',
  hr: 'Institution',
  staff: 'Staff',
  audit: 'Audit log',
  menu: 'Menu',
  signOut: 'Sign out',
  signedInAs: (name: string, institution: string) => `Signed in as ${name}, ${institution}`,
}

/** Punctuation the templates put between texts, which differs by language (French spaces its colon, Chinese uses full-width marks). */
export const punctuation = {
  /** Between a label and its value: 'Source: IIOE'. */
  colon: ': ',
  /** Between the items of a short inline list: 'AI.1, AI.2'. */
  listSeparator: ', ',
  /** Between two sentences joined in one text. */
  sentenceSeparator: '. ',
  /** Opens a remark in parentheses after what it qualifies, with the space before it: 'Level 3 (rated on 5 Nov 2026)'. */
  openParenthesis: ' (',
  closeParenthesis: ')',
}

export const language = {
  label: 'Language',
  unknownTitle: 'Language not available',
  unknown: 'This language is not available. Choose English, Français or 中文.',
}

export const errors = {
  title: 'Something went wrong',
  notFound: 'Page not found',
  notFoundText: 'There is nothing at this address. It may have moved, or the link may be mistyped.',
  forbidden: 'Not allowed',
  csrf: 'This form has expired. Reload the page and try again.',
  serverError: 'Sorry, something went wrong on our side. Your last change may not have been saved; please try again.',
  backHome: 'Back to your profile',
  unavailable: 'Temporarily unavailable',
  unavailableText: 'The database does not answer at the moment, so nothing was read or saved. Please try again in a minute.',
  badUrl: 'This address is not valid. Check the link, or go back and try again.',
  urlTooLong: 'This address is too long. Check the link, or go back and try again.',
}

export const validation = {
  levelRequired: 'Choose a level.',
  levelOffScale: (levels: string) => `Choose one of the levels ${levels}.`,
  evidenceTooLong: (max: number) => `Keep the evidence under ${max} characters.`,
  urlInvalid: 'Enter a full web address starting with http:// or https://.',
}

export const formatDate = (date: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(date)

export const formatNumber = (value: number, digits = 1) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }).format(value)

export const formatPercent = (share: number) => new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share)
