/** Which inputs the sweep requires a route to refuse (a 4xx), by what the field accepts. */
import type { Field } from './types.js'
import { MB } from './values.js'

export function requiredField(field: Field): boolean {
  return 'required' in field && field.required === true
}

/** Whether a JSON value must be refused for this field. */
export function jsonRefuses(field: Field, value: unknown): boolean {
  if (typeof value === 'string' && (value.includes('\u0000') || value.length >= MB)) return true
  switch (field.t) {
    case 'int':
      return !(value === null ? field.nullable === true : typeof value === 'number' && Number.isInteger(value) && value >= field.min && value <= field.max)
    case 'num':
      return !(typeof value === 'number' && value >= field.min && value <= field.max)
    case 'text':
      return !(typeof value === 'string' && value.length <= field.max && (!field.required || value.trim() !== ''))
    case 'enum':
      return !(typeof value === 'string' && field.values.includes(value))
    case 'bool':
      return typeof value !== 'boolean'
    case 'str':
      return value === null ? field.nullable !== true : typeof value !== 'string' || (field.required === true && value === '')
    case 'list':
      return !Array.isArray(value)
    case 'object':
      return typeof value !== 'object' || value === null || Array.isArray(value)
  }
}

/** Whether a form or query value must be refused (only the clear cases: a page may tolerate spaces). */
export function formRefuses(field: Field, value: string | string[], bigBody = false): boolean {
  if (typeof value !== 'string') return false
  if (value.includes('\u0000') || (value.length >= MB && !bigBody)) return true
  const trimmed = value.trim()
  switch (field.t) {
    case 'int':
    case 'num': {
      if (trimmed === '') return field.t === 'int' && field.required === true
      const n = Number(trimmed)
      return !Number.isFinite(n) || n < field.min || n > field.max || (field.t === 'int' && !Number.isInteger(n))
    }
    case 'enum':
      return field.required === true && !field.values.includes(trimmed)
    case 'text':
    case 'str':
      return field.required === true && trimmed === ''
    case 'bool':
    case 'list':
    case 'object':
      return false
  }
}
