/** The requests the sweep makes of one route: its valid input, then every bad variant, each marked whether it must be refused. */
import type { InjectOptions } from 'fastify'
import type { BrowserSession } from '../app.js'
import { formRefuses, jsonRefuses, requiredField } from './refusals.js'
import type { Field, Ids, Spec, Who } from './types.js'
import { ACCEPTABLE_CSV, formValues, HUGE, JSON_EXTRA, jsonValues, MALFORMED_CSV, MALFORMED_JSON, PARAM_VALUES, queryValues, WRONG_CONTENT_TYPES } from './values.js'

export interface Case {
  label: string
  method: InjectOptions['method']
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** The input is invalid: a 4xx is required. Otherwise anything below 500 will do. */
  refuse: boolean
}

export function casesFor(key: string, spec: Spec, ids: Ids, sessions: Record<Exclude<Who, 'anonymous'>, BrowserSession>, anonymous: BrowserSession, tokens: Record<Exclude<Who, 'anonymous'>, string>): Case[] {
  const [method, pattern] = key.split(' ') as [InjectOptions['method'], string]
  const isApi = pattern.startsWith('/api/')
  const type = spec.type ?? (isApi ? 'json' : 'form')
  const hasBody = method !== 'GET' && method !== 'DELETE'
  const session = spec.as === 'anonymous' ? anonymous : sessions[spec.as]
  const auth: Record<string, string> = isApi
    ? spec.as === 'anonymous'
      ? {}
      : { authorization: `Bearer ${tokens[spec.as]}` }
    : { cookie: Object.entries(session.cookies).map(([name, value]) => `${name}=${value}`).join('; '), 'x-csrf-token': session.csrf }

  const validParams = Object.fromEntries(Object.entries(spec.params ?? {}).map(([name, value]) => [name, value(ids)]))
  const pathWith = (params: Record<string, string>) => pattern.replace(/:([A-Za-z]+)|\*/g, (whole, name: string | undefined) => params[name ?? whole]!)
  const validQuery = Object.fromEntries(Object.entries(spec.query ?? {}).map(([name, field]) => [name, String(field.valid)]))
  const queryString = (query: Record<string, string | string[]>) => {
    const search = new URLSearchParams()
    for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) search.append(name, one)
    const text = search.toString()
    return text === '' ? '' : `?${text}`
  }
  const validOf = (fields: Record<string, Field>) => {
    const values: Record<string, unknown> = { ...Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.valid])), ...spec.valid?.(ids) }
    for (const [name, value] of Object.entries(values)) if (value === undefined) delete values[name]
    return values
  }
  const validBody = spec.items ? {} : validOf(spec.body ?? {})
  const validItem = validOf(spec.items ?? {})
  const contentType = type === 'form' ? 'application/x-www-form-urlencoded' : type === 'json' ? 'application/json' : 'text/csv'
  const encode = (body: Record<string, unknown>): string => {
    if (type === 'json') return JSON.stringify(body)
    const search = new URLSearchParams()
    if (type === 'form') search.append('_csrf', session.csrf)
    for (const [name, value] of Object.entries(body)) for (const one of [value].flat()) search.append(name, String(one))
    return search.toString()
  }
  const validPayload = type === 'csv' ? (spec.csv?.valid ?? 'email,name\nsweep-csv@demo.test,Sweep\n') : spec.items ? JSON.stringify([validItem]) : encode(validBody)

  const cases: Case[] = []
  const add = (label: string, refuse: boolean, options: { params?: Record<string, string>; query?: Record<string, string | string[]>; payload?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...auth, ...(hasBody ? { 'content-type': contentType } : {}), ...options.headers }
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name]
    cases.push({
      label,
      method,
      url: pathWith(options.params ?? validParams) + queryString(options.query ?? validQuery),
      headers,
      ...(hasBody ? { payload: options.payload ?? validPayload } : {}),
      refuse,
    })
  }

  add('valid input', false)
  for (const name of Object.keys(spec.params ?? {})) {
    for (const value of PARAM_VALUES) add(`param ${name}=${value.slice(0, 40)}`, name !== '*', { params: { ...validParams, [name]: value } })
  }
  for (const [name, field] of Object.entries(spec.query ?? {})) {
    for (const value of queryValues(field)) add(`query ${name}=${JSON.stringify(value.slice(0, 40))}`, value.includes('\u0000') || (isApi && formRefuses(field, value)), { query: { ...validQuery, [name]: value } })
    add(`query ${name} repeated`, isApi && field.t !== 'str', { query: { ...validQuery, [name]: [String(field.valid), String(field.valid)] } })
  }
  add('unknown query key', false, { query: { ...validQuery, unknownKey: '1' } })
  add('every query key at once, all bad', false, { query: { ...Object.fromEntries(Object.keys(validQuery).map((name) => [name, "' OR 1=1 --"])), page: '1e308' } })

  if (hasBody && type !== 'csv') {
    for (const [name, field] of Object.entries(spec.body ?? {})) {
      const values: readonly unknown[] = type === 'json' ? jsonValues(field) : formValues(field)
      for (const value of values) {
        const refuse = type === 'json' ? jsonRefuses(field, value) : formRefuses(field, value as string | string[], spec.bigBody)
        add(`body ${name}=${JSON.stringify(value)?.slice(0, 40)}`, refuse, { payload: encode({ ...validBody, [name]: value }) })
      }
      const { [name]: _, ...without } = validBody
      add(`body without ${name}`, requiredField(field), { payload: encode(without) })
    }
    for (const [name, field] of Object.entries(spec.items ?? {})) {
      for (const value of jsonValues(field)) add(`item ${name}=${JSON.stringify(value)?.slice(0, 40)}`, jsonRefuses(field, value), { payload: JSON.stringify([{ ...validItem, [name]: value }]) })
      const { [name]: _, ...without } = validItem
      add(`item without ${name}`, requiredField(field), { payload: JSON.stringify([without]) })
    }
    if (spec.items) {
      add('extra item field', true, { payload: JSON.stringify([{ ...validItem, extraField: 'ignored?' }]) })
      add('no items', false, { payload: '[]' })
      add('too many items (1000)', true, { payload: JSON.stringify(Array.from({ length: 1000 }, () => validItem)) })
      for (const value of [...JSON_EXTRA.filter((one) => !Array.isArray(one)), 'x', [[validItem]]]) add(`body ${JSON.stringify(value).slice(0, 40)} instead of a list`, true, { payload: JSON.stringify(value) })
    }
    add('extra body field', type === 'json' && !spec.loose, { payload: encode({ ...validBody, extraField: 'ignored?' }) })
    add('empty body', type === 'json' && (spec.items !== undefined || Object.values(spec.body ?? {}).some(requiredField)), { payload: type === 'json' ? '{}' : encode({}) })
    if (type === 'json') {
      // An empty list is a valid body where the body is a list.
      for (const payload of MALFORMED_JSON) add(`malformed JSON ${JSON.stringify(payload.slice(0, 30))}`, !(spec.items && payload === '[]'), { payload })
      // Duplicate keys are valid JSON (the last one wins): acceptable either way.
      add('duplicate JSON keys', false, { payload: encode(validBody).replace(/^\{/, '{"level":"duplicate",') })
      add('1 MB body', !spec.loose, { payload: JSON.stringify({ ...validBody, padding: HUGE }) })
    } else {
      add('form without its CSRF token', true, { payload: encode(validBody).replace(/^_csrf=[^&]*&?/, ''), headers: { 'x-csrf-token': '' } })
      add('malformed form encoding', false, { payload: `_csrf=${encodeURIComponent(session.csrf)}&level=%ZZ&name=%&email=%E0%A4%A&=&&==` })
      add('JSON body to a form', false, { payload: JSON.stringify(validBody), headers: { 'content-type': 'application/json' } })
      add('1 MB form', !spec.bigBody, { payload: `${encode(validBody)}&padding=${HUGE}` })
    }
    for (const wrong of WRONG_CONTENT_TYPES) {
      if (wrong.type === contentType) continue
      // A page takes JSON and plain text as well as a form; the API takes JSON only.
      // A charset parameter on JSON is ignored (the body here is UTF-8 in fact): acceptable either way.
      const refuse = (isApi || !['text/plain', 'text/csv', ''].includes(wrong.type)) && wrong.type !== 'application/json; charset=utf-16' && !(spec.multipart && wrong.type.startsWith('multipart/'))
      add(`content type ${JSON.stringify(wrong.type)}`, refuse && !(wrong.type === 'application/json' && !isApi), { payload: wrong.payload, headers: { 'content-type': wrong.type } })
    }
  }
  if (type === 'csv' || key === 'POST /hr/staff/import') {
    const importQuery = spec.csv?.importQuery ?? { dryRun: '0', createDepartments: '0' }
    for (const csv of MALFORMED_CSV) {
      const label = `CSV ${JSON.stringify(csv.slice(0, 30))}${csv.length > 30 ? `… (${csv.length} chars)` : ''}`
      const refuse = csv.includes('\u0000')
      if (type === 'csv') {
        add(`${label} (dry run)`, refuse, { payload: csv })
        add(`${label} (import)`, refuse || !ACCEPTABLE_CSV.has(csv), { payload: csv, query: importQuery })
      } else {
        add(`${label} (check)`, refuse, { payload: encode({ ...validBody, csv }) })
        add(`${label} (import)`, refuse || !ACCEPTABLE_CSV.has(csv), { payload: encode({ ...validBody, mode: 'import', csv }) })
      }
    }
    // A route that takes JSON as well (a catalogue file) may read the JSON ones: then only the content counts.
    const takes = (wrong: string) => spec.csv?.alsoJson === true && wrong.startsWith('application/json')
    if (type === 'csv') for (const wrong of WRONG_CONTENT_TYPES.filter((w) => w.type !== 'text/csv')) add(`content type ${JSON.stringify(wrong.type)}`, !takes(wrong.type), { payload: wrong.payload, headers: { 'content-type': wrong.type } })
  }
  return cases
}
