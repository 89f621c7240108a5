import t from 'tap'
import { fromAcceptLanguage } from '../../server/plugins/view.js'
import { formatDate, formatDateTime, formatDay, formatNumber, formatPercent, plural } from '../../views/format.js'
import { fallbackLanguage, levelLabel, localized, localizedText } from '../../views/localize.js'

t.test('numbers, shares and dates follow the locale', async (t) => {
  const day = new Date(Date.UTC(2026, 10, 5, 12))
  t.equal(formatDate('en', day), '5 Nov 2026')
  t.equal(formatDate({ locale: 'fr' }, day), '5 nov. 2026')
  t.equal(formatDate('zh', day), '2026年11月5日')
  t.equal(formatDay('fr', '2026-03-01'), '1 mars 2026')
  t.equal(formatDay('en', 'not a date'), 'not a date')
  t.equal(formatDateTime('en', new Date(Date.UTC(2026, 10, 5, 14, 3)), 'UTC'), '5 Nov 2026, 14:03 UTC')
  t.equal(formatDateTime('en', new Date(Date.UTC(2026, 10, 5, 14, 3)), 'Africa/Nairobi'), '5 Nov 2026, 17:03 Africa/Nairobi', 'on the clock of the zone, which it names')
  t.equal(formatDateTime('zh', new Date(Date.UTC(2026, 10, 5, 20, 3)), 'Asia/Shanghai'), '2026年11月6日 04:03 Asia/Shanghai')
  t.equal(formatNumber('en', 1234.56), '1,234.6')
  t.equal(formatNumber('fr', 1234.56), '1\u202f234,6')
  t.equal(formatNumber('en', 2.345, 2), '2.35')
  t.equal(formatPercent('en', 0.425), '43%')
  t.equal(formatPercent('fr', 0.425), '43\u00a0%')
  t.equal(plural('en', 0, { one: 'gap', other: 'gaps' }), 'gaps')
  t.equal(plural('fr', 0, { one: 'écart', other: 'écarts' }), 'écart')
  t.equal(plural('fr', 1.5, { one: 'heure', other: 'heures' }), 'heure')
  t.equal(plural('zh', 1, { one: 'x', other: '项' }), '项', 'Chinese has one form')
})

t.test('Accept-Language: the best language we have by q-value, else nothing', async (t) => {
  t.equal(fromAcceptLanguage(undefined), undefined)
  t.equal(fromAcceptLanguage(''), undefined)
  t.equal(fromAcceptLanguage('fr'), 'fr')
  t.equal(fromAcceptLanguage('fr-CA,fr;q=0.9'), 'fr')
  t.equal(fromAcceptLanguage('zh-Hans-CN'), 'zh')
  t.equal(fromAcceptLanguage('de, fr;q=0.5, zh;q=0.8'), 'zh', 'q-values, not order, decide')
  t.equal(fromAcceptLanguage('en;q=0.5, fr;q=0.5'), 'en', 'ties keep the order given')
  t.equal(fromAcceptLanguage('fr;q=0, en;q=0.1'), 'en', 'q=0 refuses a language')
  t.equal(fromAcceptLanguage('de, es'), undefined)
  t.equal(fromAcceptLanguage('fr;q=abc, zh;q=0.2'), 'zh', 'a malformed q counts as 0')
})

t.test('data texts: the translation, or the English marked lang="en"', async (t) => {
  const node = { translations: { fr: { title: 'Politique', description: '' } } }
  t.equal(localized({ locale: 'fr' }, node, 'title', 'Policy').toString(), 'Politique')
  t.equal(localized({ locale: 'fr' }, node, 'description', 'About <policy>').toString(), '<span lang="en">About &lt;policy&gt;</span>', 'an empty translation falls back')
  t.equal(localized({ locale: 'zh' }, node, 'title', 'Policy').toString(), '<span lang="en">Policy</span>')
  t.equal(localized({ locale: 'en' }, node, 'title', 'Policy').toString(), 'Policy', 'English is never marked on an English page')
  t.equal(localized({ locale: 'fr' }, undefined, 'title', '').toString(), '', 'no text, no mark')
  t.equal(localizedText({ locale: 'fr' }, node, 'title', 'Policy'), 'Politique')
  t.equal(localizedText({ locale: 'zh' }, node, 'title', 'Policy'), 'Policy')
  t.equal(fallbackLanguage({ locale: 'zh' }, node, 'title', 'Policy'), 'en')
  t.equal(fallbackLanguage({ locale: 'fr' }, node, 'title', 'Policy'), undefined)
  const scale = { levels: [{ level: 1, label: 'Building readiness', description: 'd', translations: { fr: { label: 'Se préparer' } } }] }
  t.equal(levelLabel({ locale: 'fr' }, scale, 1).toString(), 'Se préparer')
  t.equal(levelLabel({ locale: 'zh' }, scale, 1).toString(), '<span lang="en">Building readiness</span>')
  t.equal(levelLabel({ locale: 'fr' }, scale, 4).toString(), '')
})

t.test('data texts written in another language: the text itself on a page in it, marked with its language elsewhere', async (t) => {
  const node = { language: 'fr', translations: { en: { title: 'Teaching with digital tools' }, fr: { title: 'ignored' } } }
  t.equal(localized({ locale: 'fr' }, node, 'title', 'Enseigner avec le numérique').toString(), 'Enseigner avec le numérique', 'a French text on a French page, unmarked, whatever translations say')
  t.equal(localized({ locale: 'en' }, node, 'title', 'Enseigner avec le numérique').toString(), 'Teaching with digital tools', 'its English translation on an English page')
  t.equal(localized({ locale: 'zh' }, node, 'title', 'Enseigner avec le numérique').toString(), '<span lang="fr">Enseigner avec le numérique</span>', 'marked as French, not as English')
  t.equal(localized({ locale: 'fr' }, { language: 'fr-CA' }, 'title', 'Courriel').toString(), 'Courriel', 'a regional variant counts as the language')
  t.equal(localized({ locale: 'en' }, { languages: ['zh', 'en'] }, 'title', '数字教学').toString(), '<span lang="zh">数字教学</span>', 'a framework: the first of its languages')
  t.equal(localized({ locale: 'en' }, { translations: {} }, 'description', 'Décrit', 'fr').toString(), '<span lang="fr">Décrit</span>', 'a descriptor in its node’s language')
  t.equal(localizedText({ locale: 'fr' }, node, 'title', 'Enseigner avec le numérique'), 'Enseigner avec le numérique')
  t.equal(fallbackLanguage({ locale: 'zh' }, node, 'title', 'Enseigner'), 'fr')
  t.equal(fallbackLanguage({ locale: 'fr' }, node, 'title', 'Enseigner'), undefined)
  const scale = { language: 'fr', levels: [{ level: 1, label: 'Débutant', description: 'd' }] }
  t.equal(levelLabel({ locale: 'fr' }, scale, 1).toString(), 'Débutant')
  t.equal(levelLabel({ locale: 'en' }, scale, 1).toString(), '<span lang="fr">Débutant</span>')
})
