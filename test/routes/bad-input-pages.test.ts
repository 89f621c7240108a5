import t from 'tap'
import { sweep } from '../helpers/bad-input.js'

// The bad-input sweep (test/helpers/bad-input.ts) over every other page: sign-in, framework, plan, activities.
// The HR pages and the design, admin and account pages have parts of their own.
t.test('bad input to the pages never breaks anything and a refused request writes nothing', (t) =>
  sweep(t, { name: 'pages', routes: (key) => !key.includes(' /api/') && !/ \/(hr|people|ratings|design|admin|account|language)\b/.test(key) }),
)
