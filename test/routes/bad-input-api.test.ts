import t from 'tap'
import { sweep } from '../helpers/bad-input.js'

// The bad-input sweep (test/helpers/bad-input.ts) over the JSON API; this part also checks that the
// sweep covers every registered route.
t.test('bad input to the API never breaks anything and a refused request writes nothing', (t) =>
  sweep(t, { name: 'API', routes: (key) => key.includes(' /api/'), checksRegistry: true }),
)
