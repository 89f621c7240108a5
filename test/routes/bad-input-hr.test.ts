import t from 'tap'
import { sweep } from '../helpers/bad-input.js'

// The bad-input sweep (test/helpers/bad-input.ts) over the HR pages and the review pages.
t.test('bad input to the HR pages never breaks anything and a refused request writes nothing', (t) =>
  sweep(t, { name: 'HR pages', routes: (key) => / \/(hr|people|ratings)\b/.test(key) }),
)
