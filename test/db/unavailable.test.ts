import t from 'tap'
import { isDatabaseUnavailable, isDiskFull } from '../../server/db/unavailable.js'

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code })

t.test('a database short of disk, memory or connections is unavailable (503), not a fault of the request (500)', async (t) => {
  const diskFull = pgError('53100', 'could not extend file "base/16384/16499": No space left on device')
  t.equal(isDatabaseUnavailable(diskFull), true, 'disk full (53100)')
  t.equal(isDiskFull(diskFull), true, 'and said to be the disk')
  t.equal(isDiskFull(new Error('wrapped', { cause: Object.assign(new Error('write failed'), { code: 'ENOSPC' }) })), true, 'ENOSPC inside a cause')
  t.equal(isDatabaseUnavailable(pgError('53200', 'out of memory')), true, 'out of memory (53200)')
  t.equal(isDiskFull(pgError('53200', 'out of memory')), false, 'which is not the disk')
  t.equal(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command')), true, 'shutdown (57P01)')
  t.equal(isDatabaseUnavailable(pgError('08006', 'connection failure')), true, 'connection exception (class 08)')
  t.equal(isDatabaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint')), false, 'a unique violation is not')
  t.equal(isDatabaseUnavailable(pgError('42P01', 'relation does not exist')), false, 'nor a bad query')
  t.equal(isDatabaseUnavailable('53100'), false, 'nor anything that is not an Error')
})
