import t from 'tap'
import { translationsAfterEdit } from '../../server/domain/programme-translations.js'

const before = { title: 'Title', description: 'Text' }
const translations = { fr: { title: 'Titre', description: 'Texte' }, zh: { title: '标题', description: '文本' } }

t.test('a rewritten English text loses its translations; the other field keeps them', async (t) => {
  t.same(translationsAfterEdit(translations, before, { description: 'New text' }), { fr: { title: 'Titre' }, zh: { title: '标题' } })
  t.same(translationsAfterEdit(translations, before, { title: 'New title', description: 'New text' }), {}, 'both rewritten: nothing left')
  t.same(translationsAfterEdit({ fr: { description: 'Texte' } }, before, { description: 'New text' }), {}, 'a language with nothing left goes')
})

t.test('nothing to change: undefined', async (t) => {
  t.equal(translationsAfterEdit(translations, before, {}), undefined, 'no text in the edit')
  t.equal(translationsAfterEdit(translations, before, { title: 'Title', description: 'Text' }), undefined, 'the same text again')
  t.equal(translationsAfterEdit({ fr: { title: 'Titre' } }, before, { description: 'New text' }), undefined, 'no translation of the rewritten field')
  t.equal(translationsAfterEdit({}, before, { title: 'New title' }), undefined, 'no translations at all')
})
