import t from 'tap'
import { COMMON_PASSWORDS } from '../../server/domain/common-passwords.js'
import { checkNewPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../server/domain/password-policy.js'

const person = { email: 'Amina.Okafor@demo.test', name: 'Amina Okafor' }

t.test('length: 8 to 128 Unicode code points', async (t) => {
  t.equal(PASSWORD_MIN_LENGTH, 8)
  t.equal(PASSWORD_MAX_LENGTH, 128)
  t.same(checkNewPassword('', person), { kind: 'tooShort', length: 0, min: 8 })
  t.same(checkNewPassword('seven c', person), { kind: 'tooShort', length: 7, min: 8 })
  t.equal(checkNewPassword('eight ch', person), undefined, '8 characters are enough')
  t.equal(checkNewPassword('x'.repeat(127) + 'y', person), undefined, '128 characters are allowed')
  t.same(checkNewPassword('x'.repeat(128) + 'y', person), { kind: 'tooLong', length: 129, max: 128 })
})

t.test('code points, not UTF-16 units: 7 emoji are 14 units but 7 characters', async (t) => {
  t.same(checkNewPassword('😀😁😂🤣😃😄😅', person), { kind: 'tooShort', length: 7, min: 8 })
  t.equal(checkNewPassword('😀😁😂🤣😃😄😅😆', person), undefined)
  t.equal(checkNewPassword('mật khẩu an toàn', person), undefined, 'any script is fine')
})

t.test('no composition rules: lower-case words or digits alone are fine when not common', async (t) => {
  t.equal(checkNewPassword('correct horse battery staple', person), undefined)
  t.equal(checkNewPassword('918273645546', person), undefined)
  t.equal(checkNewPassword('demo-password', person), undefined)
})

t.test('one character repeated is refused', async (t) => {
  t.same(checkNewPassword('aaaaaaaaaaaa', person), { kind: 'repetitive' })
  t.same(checkNewPassword('          ', person), { kind: 'repetitive' })
})

t.test('common passwords are refused, whatever their case or width', async (t) => {
  for (const password of ['password', 'password123', 'PassWord123', 'QWERTYUIOP', 'iloveyou', 'trustno1', 'university', 'ｐａｓｓｗｏｒｄ１２３']) {
    t.same(checkNewPassword(password, person), { kind: 'common' }, password)
  }
})

t.test('the bundled list: over a thousand entries, all lower case, none shorter than the minimum', async (t) => {
  t.ok(COMMON_PASSWORDS.size > 1000, `${COMMON_PASSWORDS.size} entries`)
  const misfits = [...COMMON_PASSWORDS].filter((word) => word !== word.toLowerCase() || [...word].length < PASSWORD_MIN_LENGTH)
  t.same(misfits, [])
})

t.test("the person's own email address or name is refused", async (t) => {
  for (const password of ['amina.okafor@demo.test', 'AMINA.OKAFOR@DEMO.TEST', 'my amina.okafor@demo.test!', 'amina.okafor', 'Amina Okafor', 'aminaokafor', 'Amina-Okafor!']) {
    t.same(checkNewPassword(password, person), { kind: 'personal' }, password)
  }
  t.equal(checkNewPassword('amina okafor teaches chemistry', person), undefined, 'a longer phrase with the name is allowed')
  t.equal(checkNewPassword('long enough phrase', { email: '', name: '' }), undefined, 'nothing to compare with')
})

t.test('the first problem is reported: length before the list', async (t) => {
  t.same(checkNewPassword('abc', person), { kind: 'tooShort', length: 3, min: 8 })
})
