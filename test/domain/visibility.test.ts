import t from 'tap'
import { audienceOf, auditDataForHr, auditMayCarryLevels, isRatingVisibility, isShared, readersOf, readRefusal } from '../../server/domain/visibility.js'

t.test('a share stands only with the reviewer it was made with', async (t) => {
  t.equal(isShared({ reviewerId: 7, sharedWithId: 7 }), true)
  t.equal(isShared({ reviewerId: 8, sharedWithId: 7 }), false, 'a new reviewer inherits nothing')
  t.equal(isShared({ reviewerId: null, sharedWithId: 7 }), false, 'no reviewer, no share')
  t.equal(isShared({ reviewerId: 7, sharedWithId: null }), false)
})

t.test('who may read a person\'s levels, by setting', async (t) => {
  const shared = { reviewerId: 7, sharedWithId: 7 }
  const notShared = { reviewerId: 7, sharedWithId: null }
  t.equal(readRefusal('aggregates', shared), 'aggregatesOnly', 'totals only, even for a person who shared before')
  t.equal(readRefusal('shared', notShared), 'notShared')
  t.equal(readRefusal('shared', shared), undefined)
  t.equal(readRefusal('everything', notShared), undefined)
})

t.test('what the person is told, and what their export says', async (t) => {
  t.equal(audienceOf('aggregates', { reviewerId: 7, sharedWithId: 7 }), 'onlyYou')
  t.equal(audienceOf('shared', { reviewerId: null, sharedWithId: null }), 'noReviewer')
  t.equal(audienceOf('shared', { reviewerId: 7, sharedWithId: null }), 'onceShared')
  t.equal(audienceOf('shared', { reviewerId: 7, sharedWithId: 7 }), 'sharedNow')
  t.equal(audienceOf('everything', { reviewerId: null, sharedWithId: null }), 'everyone')
  t.same(readersOf('onlyYou', true), ['you'])
  t.same(readersOf('onceShared', true), ['you'])
  t.same(readersOf('sharedNow', true), ['you', 'reviewer', 'hr'])
  t.same(readersOf('everyone', false), ['you', 'hr'])
})

t.test('the audit log shows HR a level only where HR read every level', async (t) => {
  t.equal(auditMayCarryLevels('everything'), true)
  t.equal(auditMayCarryLevels('shared'), false)
  t.equal(auditMayCarryLevels('aggregates'), false)
  const old = { level: 3, ratingId: 9, evidence: 'x', comment: 'y', userId: 4 }
  t.same(auditDataForHr('aggregates', 'rating.self', old), { ratingId: 9, userId: 4 })
  t.same(auditDataForHr('shared', 'rating.validate', old), { ratingId: 9, userId: 4 })
  t.same(auditDataForHr('everything', 'rating.self', old), old)
  t.same(auditDataForHr('aggregates', 'target.set', { level: 2 }), { level: 2 }, 'only entries about ratings are filtered')
  t.equal(isRatingVisibility('shared'), true)
  t.equal(isRatingVisibility('public'), false)
  t.equal(isRatingVisibility(1), false)
})
