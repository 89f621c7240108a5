import t from 'tap'
import { closingDay, openingDay } from '../../server/domain/rounds.js'
import { dayIn, isTimeZone, nextDay, startOfDay, TIME_ZONES } from '../../server/domain/time-zone.js'

t.test('the zones an institution may choose: UTC first, then the IANA names Intl knows', async (t) => {
  t.equal(TIME_ZONES[0], 'UTC')
  for (const zone of ['UTC', 'Africa/Nairobi', 'Africa/Lagos', 'Africa/Casablanca', 'Asia/Shanghai', 'Asia/Ulaanbaatar', 'Asia/Karachi', 'Europe/Paris']) t.ok(isTimeZone(zone), zone)
  for (const value of ['Mars/Base', 'africa/nairobi ', '', '+03:00', 'EAT', 42, null]) t.notOk(isTimeZone(value), String(value))
})

t.test('a day begins at midnight on the zone’s clock, across changes of offset', async (t) => {
  t.equal(startOfDay('2027-05-31', 'UTC').toISOString(), '2027-05-31T00:00:00.000Z')
  t.equal(startOfDay('2027-05-31', 'Africa/Nairobi').toISOString(), '2027-05-30T21:00:00.000Z')
  t.equal(startOfDay('2027-01-01', 'Asia/Shanghai').toISOString(), '2026-12-31T16:00:00.000Z')
  t.equal(startOfDay('2027-01-01', 'Pacific/Pago_Pago').toISOString(), '2027-01-01T11:00:00.000Z', 'behind UTC')
  t.equal(startOfDay('2027-03-28', 'Europe/Paris').toISOString(), '2027-03-27T23:00:00.000Z', 'the day clocks go forward (at 02:00)')
  t.equal(startOfDay('2027-03-29', 'Europe/Paris').toISOString(), '2027-03-28T22:00:00.000Z', 'the day after, on summer time')
  t.equal(startOfDay('2027-10-31', 'Europe/Paris').toISOString(), '2027-10-30T22:00:00.000Z', 'the day clocks go back')
  // Chisinau goes back from +03:00 to +02:00 at 03:00 local, which is UTC midnight: the offset at UTC
  // midnight (+02:00) is not the one at local midnight (+03:00), which the second look corrects.
  t.equal(startOfDay('2027-10-31', 'Europe/Chisinau').toISOString(), '2027-10-30T21:00:00.000Z', 'where the offset at UTC midnight is not the one at local midnight')
  t.equal(startOfDay('2027-03-14', 'America/Havana').toISOString(), '2027-03-14T05:00:00.000Z', 'where midnight is skipped: 01:00, the first moment of the day')
  for (const zone of ['UTC', 'Africa/Nairobi', 'Asia/Shanghai', 'Europe/Paris', 'America/Havana', 'Pacific/Kiritimati']) {
    for (const day of ['2027-01-01', '2027-03-14', '2027-03-28', '2027-06-30', '2027-10-31', '2027-12-31']) {
      const start = startOfDay(day, zone)
      t.equal(dayIn(start, zone), day, `${day} ${zone}: its start is on it`)
      t.equal(dayIn(new Date(start.getTime() - 1), zone) < day, true, `${day} ${zone}: a moment before is the day before`)
    }
  }
})

t.test('a round HR open "1 to 31 May" in Nairobi opens and closes at Nairobi midnights, and says so', async (t) => {
  const opensAt = startOfDay('2027-05-01', 'Africa/Nairobi')
  const closesAt = startOfDay(nextDay('2027-05-31'), 'Africa/Nairobi')
  t.equal(closesAt.toISOString(), '2027-05-31T21:00:00.000Z')
  t.equal(openingDay(opensAt, 'Africa/Nairobi'), '2027-05-01')
  t.equal(closingDay(closesAt, 'Africa/Nairobi'), '2027-05-31')
  t.equal(closingDay(closesAt, 'UTC'), '2027-05-31', 'read in UTC, 21:00 on the 31st')
  t.equal(openingDay(opensAt, 'UTC'), '2027-04-30', 'read in UTC, the evening before')
  t.equal(nextDay('2028-02-28'), '2028-02-29')
  t.equal(nextDay('2027-12-31'), '2028-01-01')
})
