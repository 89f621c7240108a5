/**
 * Numbers, dates and plurals in the reader's language, through `Intl`. Views pass their
 * ViewContext (or a bare locale, in the catalogues); formatters are made once per locale.
 *
 * ```ts
 * formatDate(context, new Date('2026-11-05')) // '5 Nov 2026' (en), '5 nov. 2026' (fr), '2026年11月5日' (zh)
 * formatNumber(context, 2.25) // '2.3' (en), '2,3' (fr)
 * plural('fr', 0, { one: 'écart', other: 'écarts' }) // 'écart' (French counts 0 as singular)
 * ```
 */
export function formatDate(where: LocaleSource, date: Date): string {
  return formatter(where, 'date', () => new Intl.DateTimeFormat(intlLocale(where), { dateStyle: 'medium' })).format(date)
}

/** A calendar day kept as 'YYYY-MM-DD' (activity dates) in the reader's style; anything else is shown as it is. */
export function formatDay(where: LocaleSource, day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (match === null) return day
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  if (Number.isNaN(date.getTime())) return day
  return formatter(where, 'day', () => new Intl.DateTimeFormat(intlLocale(where), { dateStyle: 'medium', timeZone: 'UTC' })).format(date)
}

/**
 * A date and time on the clock of a time zone, which it names (the audit log, reminders):
 * '5 Nov 2026, 14:03 UTC', '5 Nov 2026, 17:03 Africa/Nairobi'.
 */
export function formatDateTime(where: LocaleSource, date: Date, timeZone: string): string {
  const format = formatter(where, `datetime|${timeZone}`, () => new Intl.DateTimeFormat(intlLocale(where), { dateStyle: 'medium', timeStyle: 'short', timeZone }))
  return `${format.format(date)} ${timeZone}`
}

/** A number with at most `digits` decimals (one by default). */
export function formatNumber(where: LocaleSource, value: number, digits = 1): string {
  return formatter(where, `number${digits}`, () => new Intl.NumberFormat(intlLocale(where), { maximumFractionDigits: digits })).format(value)
}

/** A share from 0 to 1 as a whole percentage: '40%', '40 %' (fr). */
export function formatPercent(where: LocaleSource, share: number): string {
  return formatter(where, 'percent', () => new Intl.NumberFormat(intlLocale(where), { style: 'percent', maximumFractionDigits: 0 })).format(share)
}

/** The form of a word or phrase for a count, by the language's plural rules; `other` when a form is missing. */
export function plural(where: LocaleSource, count: number, forms: PluralForms): string {
  const rules = formatter(where, 'plural', () => new Intl.PluralRules(intlLocale(where)))
  return forms[rules.select(count)] ?? forms.other
}

/** The BCP 47 tag Intl gets for a UI locale: British English, French of France, simplified Chinese. */
export function intlLocale(where: LocaleSource): string {
  const locale = typeof where === 'string' ? where : where.locale
  return INTL_TAGS[locale] ?? locale
}

export type LocaleSource = string | { readonly locale: string }
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string }

const INTL_TAGS: Readonly<Record<string, string>> = { en: 'en-GB', fr: 'fr-FR', zh: 'zh-CN' }
const formatters = new Map<string, unknown>()

function formatter<T>(where: LocaleSource, kind: string, make: () => T): T {
  const key = `${intlLocale(where)}|${kind}`
  let found = formatters.get(key) as T | undefined
  if (found === undefined) {
    found = make()
    formatters.set(key, found)
  }
  return found
}
