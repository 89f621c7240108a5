import t from 'tap'
import { createSessionCache } from '../../server/services/session-cache.js'
import type { SessionUser } from '../../server/services/users.js'

const person = (id: number, institutionId = 1, tokenVersion = 0): SessionUser => ({
  id,
  institutionId,
  institutionName: `Institution ${institutionId}`,
  staleAfterMonths: 12,
  timeZone: 'UTC',
  role: 'lecturer',
  name: `Person ${id}`,
  email: `p${id}@demo.test`,
  locale: null,
  tokenVersion,
})

t.test('keeps nothing and serves nothing until it hears changes', async (t) => {
  const cache = createSessionCache()
  cache.remember(person(1), cache.ticket())
  t.equal(cache.size, 0, 'not kept while not live')
  cache.setLive(true)
  cache.remember(person(1), cache.ticket())
  t.same(cache.get(1, 0), person(1), 'served once live')
  cache.setLive(false)
  t.equal(cache.get(1, 0), undefined, 'not served once it may miss a change')
  t.equal(cache.size, 0, 'and forgotten')
  cache.setLive(true)
  t.equal(cache.get(1, 0), undefined, 'still forgotten when live again')
})

t.test('serves a person only for the token version it read', async (t) => {
  const cache = createSessionCache()
  cache.setLive(true)
  cache.remember(person(1, 1, 3), cache.ticket())
  t.equal(cache.get(1, 2), undefined, 'an older token is not served')
  t.equal(cache.get(1, 4), undefined, 'a newer token is read again')
  t.equal(cache.get(1, 3)?.name, 'Person 1')
})

t.test('an announced change forgets the person, or everyone of the institution', async (t) => {
  const cache = createSessionCache()
  cache.setLive(true)
  for (const user of [person(1, 1), person(2, 1), person(3, 2)]) cache.remember(user, cache.ticket())
  cache.changed('user:1')
  t.same([cache.get(1, 0), cache.get(2, 0)?.id, cache.get(3, 0)?.id], [undefined, 2, 3], 'user:1 forgets person 1 only')
  cache.changed('institution:1')
  t.same([cache.get(2, 0), cache.get(3, 0)?.id], [undefined, 3], 'institution:1 forgets its people only')
  cache.changed('something:else')
  t.equal(cache.size, 0, 'an announcement it does not understand forgets everyone')
  cache.remember(person(3, 2), cache.ticket())
  cache.changed('user:not-a-number')
  t.equal(cache.size, 0, 'so does one without a number')
})

t.test('a lookup that a change overtook is not kept', async (t) => {
  const cache = createSessionCache()
  cache.setLive(true)
  const ticket = cache.ticket()
  cache.changed('user:99') // someone else, while the lookup of person 1 was on its way
  cache.remember(person(1), ticket)
  t.equal(cache.get(1, 0), undefined, 'what it read may be from before the change')
  cache.remember(person(1), cache.ticket())
  t.equal(cache.get(1, 0)?.id, 1, 'the next lookup is kept')
})

t.test('holds at most maxEntries people, for at most maxAgeMs', async (t) => {
  let clock = 0
  const cache = createSessionCache({ maxEntries: 2, maxAgeMs: 1000, now: () => clock })
  cache.setLive(true)
  for (const id of [1, 2, 3]) cache.remember(person(id), cache.ticket())
  t.same([cache.size, cache.get(1, 0), cache.get(3, 0)?.id], [2, undefined, 3], 'the one kept longest ago made room')
  clock = 1000
  t.equal(cache.get(3, 0)?.id, 3, 'served up to maxAgeMs')
  clock = 1001
  t.equal(cache.get(3, 0), undefined, 'read again after')
})
