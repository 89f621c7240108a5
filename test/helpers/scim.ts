import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { apiToken } from './app.js'

/** A SCIM token made by the institution's HR through the API (shown once, as HR would copy it). */
export async function makeScimToken(app: FastifyInstance, hrEmail = 'hr@demo.test', label = 'Entra ID'): Promise<{ id: number; token: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/institution/scim-tokens', headers: { authorization: `Bearer ${await apiToken(app, hrEmail)}` }, payload: { label } })
  if (response.statusCode !== 201) throw new Error(`the SCIM token answered ${response.statusCode}: ${response.body}`)
  return response.json<{ id: number; token: string }>()
}

export interface ScimCaller {
  (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, contentType?: string): Promise<LightMyRequestResponse>
}

/** Calls /scim/v2 as a directory does: the token as a bearer, bodies as application/scim+json unless told otherwise. */
export function scimCaller(app: FastifyInstance, token: string): ScimCaller {
  return (method, url, body, contentType = 'application/scim+json') =>
    app.inject({
      method,
      url: `/scim/v2${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
}

/** The SCIM error of an answer: its status (as SCIM writes it, a string), scimType and detail. */
export function scimErrorOf(response: LightMyRequestResponse): { schemas: string[]; status: string; scimType?: string; detail: string } {
  return response.json()
}
