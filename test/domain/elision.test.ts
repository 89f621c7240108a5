import t from 'tap'
import { elided } from '../../views/elision.js'
import { CATALOGUES } from '../../views/messages/index.js'

t.test('French elides de, le, la and que before a vowel or a mute h, and only there', async (t) => {
  t.equal(elided('de', 'Amina'), 'd’Amina')
  t.equal(elided('de', 'Okafor'), 'd’Okafor')
  t.equal(elided('de', 'Émilie'), 'd’Émilie', 'an accented capital')
  t.equal(elided('de', 'Œuvre commune'), 'd’Œuvre commune')
  t.equal(elided('de', 'Hugo'), 'd’Hugo', 'a mute h')
  t.equal(elided('la', 'IIOE'), 'l’IIOE')
  t.equal(elided('le', 'université'), 'l’université')
  t.equal(elided('que', 'elle'), 'qu’elle')
  t.equal(elided('De', 'Ousmane'), 'D’Ousmane', 'a capital stays a capital')
  t.equal(elided('de', 'Bruno'), 'de Bruno', 'a consonant')
  t.equal(elided('de', 'Yaoundé'), 'de Yaoundé', 'y before a vowel sounds as a consonant')
  t.equal(elided('de', 'Haute école pédagogique'), 'de Haute école pédagogique', 'an h aspiré')
  t.equal(elided('de', 'Hongrie'), 'de Hongrie')
  t.equal(elided('de', '« Atelier »'), 'de « Atelier »', 'a quotation mark first')
  t.equal(elided('de', '11 personnes'), 'de 11 personnes', 'a digit')
  t.equal(elided('de', ''), 'de ')
})

t.test('the French messages that put de before a name elide it', async (t) => {
  const { fr } = CATALOGUES
  t.equal(fr.nav.signedInAs('Amina Okafor', 'Demo University'), 'Session d’Amina Okafor, Demo University')
  t.equal(fr.nav.signedInAs('Bruno Diallo', 'Demo University'), 'Session de Bruno Diallo, Demo University')
  t.equal(fr.review.title('Okafor'), 'Évaluations d’Okafor')
  t.equal(fr.review.backToPerson('Amina Okafor'), 'Retour à la fiche d’Amina Okafor')
  t.equal(fr.hr.intro('Université de Lomé'), 'Où se situe le personnel d’Université de Lomé par rapport aux objectifs de sa fonction.')
  t.equal(fr.admin.versionsOf('iioe-hew'), 'Versions d’iioe-hew')
})
