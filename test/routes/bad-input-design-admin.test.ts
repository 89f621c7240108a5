import t from 'tap'
import { sweep } from '../helpers/bad-input.js'

// The bad-input sweep (test/helpers/bad-input.ts) over the designers' and the admin's pages, the account
// page and the language switch.
t.test('bad input to the design, admin and account pages never breaks anything and a refused request writes nothing', (t) =>
  sweep(t, { name: 'design, admin and account pages', routes: (key) => !key.includes(' /api/') && / \/(design|admin|account|language)\b/.test(key) }),
)
