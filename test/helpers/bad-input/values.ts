/** The bad values the sweep sends: strings, numbers as text, JSON of every type, path params, malformed JSON and CSV, wrong content types. */
import type { Field } from './types.js'

export const MB = 1_000_000
/** Strings sent in every field and query key. */
const STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\u0001\u0002\u001b[31m\u007f\r\n\t\b\f',
  'Zoë Ñuñez 漢字 مرحبا 💥 \u202e\u200b\ufeff',
  '\ud83d', // a lone surrogate
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
]
/** Numbers written as text: sent in the fields and query keys that are numbers, choices or codes. */
const NUMBER_STRINGS: readonly string[] = [
  '-1',
  '0',
  '1.5',
  '1e308',
  '-1e308',
  '9223372036854775808',
  '2147483648',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  ' 1 ',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
]
export const HUGE = 'x'.repeat(MB)
export const JSON_EXTRA: readonly unknown[] = [HUGE, null, true, false, [], [1], {}, { $gt: '' }, -1, 0, 1.5, 1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 31, 2 ** 53 + 2, -0.0001]
const FEW: readonly string[] = ['', '\u0000', "' OR '1'='1", 'Zoë 漢字 💥 \u202e', '\ud83d']
const few = (field: Field) => field.t === 'str' && field.few === true
/** JSON values for a field: every string, numbers-as-text where they matter, and every JSON type. */
const numberStrings = (field: Field) => (field.t === 'int' || field.t === 'num' || field.t === 'enum' ? NUMBER_STRINGS : field.t === 'str' ? NUMBER_STRINGS.filter((_, i) => i % 3 === 0) : [])
export const jsonValues = (field: Field): readonly unknown[] =>
  few(field)
    ? [...FEW, HUGE, null, 1, {}, []]
    : field.t === 'text' || field.t === 'str'
      ? [...STRINGS, ...numberStrings(field), HUGE, null, true, [], {}, 1]
      : [...STRINGS, ...NUMBER_STRINGS, ...JSON_EXTRA]
/** Form values: strings, a repeated key (an array) and a 1 MB string. */
export const formValues = (field: Field): readonly (string | string[])[] => [...(few(field) ? FEW : STRINGS), ...(few(field) ? [] : numberStrings(field)), HUGE, ['1', '2']]
export const queryValues = (field: Field): readonly string[] => [...STRINGS, ...NUMBER_STRINGS.filter((_, i) => field.t === 'int' || field.t === 'num' || i % 3 === 0), 'x'.repeat(20_000)]
export const PARAM_VALUES: readonly string[] = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e308',
  '9223372036854775808',
  '2147483648',
  '99999999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  encodeURIComponent("1' OR '1'='1"),
  encodeURIComponent('<script>alert(1)</script>'),
  '%00',
  '1%00',
  '%C0%AF',
  '%E0%A4%A',
  '%FF',
  '%F0%9F%92%A5',
  '%20',
  '1%20',
  '0x1F',
  'x'.repeat(600),
  'a.b.c',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.',
]
export const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"level":',
  '[1,2',
  'nul',
  '{"level":1}}',
  "{'level':1}",
  '\u0000',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '"just a string"',
  '[]',
  'null',
  '12',
]
export const MALFORMED_CSV: readonly string[] = [
  '',
  'no header at all',
  'email,name\n"unclosed,Someone\n',
  'email,name\nonly-one-column@demo.test\n',
  'email,name\nx@demo.test,X,extra,columns\n',
  'email,email,name\nx@demo.test,y@demo.test,X\n',
  'email,name\na"b@demo.test,X"Y\n',
  'email;name\nx@demo.test;X\n',
  '\ufeffemail,name\nsweep-bom@demo.test,Bom\n',
  'email,name\rsweep-cr@demo.test,Old Mac line ends\r',
  'email,name\nx\u0000@demo.test,X\n',
  '\u0000\u0001\u0002\u0003\u00ff\ufffd',
  'email,name\n' + 'x@demo.test,' + 'y'.repeat(MB) + '\n',
  Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',') + '\n',
  'email,name\n' + "'; DROP TABLE users; --@demo.test,<script>alert(1)</script>\n",
  'email,name,department,role_profile,role\nx@demo.test,X,' + 'D'.repeat(5000) + ',nope,superuser\n',
  'email,name\n' + Array.from({ length: 3000 }, (_, i) => `dup@demo.test,Dup ${i}`).join('\n') + '\n',
]
/** Odd but valid files (a byte-order mark, CR line ends): importing them is right. */
export const ACCEPTABLE_CSV = new Set(MALFORMED_CSV.slice(8, 10))
export const WRONG_CONTENT_TYPES: readonly { type: string; payload: string }[] = [
  { type: 'text/plain', payload: 'level=1' },
  { type: 'application/xml', payload: '<level>1</level>' },
  { type: 'multipart/form-data; boundary=xyz', payload: '--xyz\r\nContent-Disposition: form-data; name="level"\r\n\r\n1\r\n--xyz--\r\n' },
  { type: 'application/x-www-form-urlencoded', payload: 'level=1&evidence=x' },
  { type: 'application/json', payload: '' },
  { type: 'application/json; charset=utf-16', payload: '{"level":1}' },
  { type: 'text/csv', payload: 'a,b\n1,2\n' },
  { type: 'application/octet-stream', payload: '\u0000\u0001binary' },
  { type: '', payload: '{"level":1}' },
  { type: 'garbage/;;;', payload: 'x' },
]
