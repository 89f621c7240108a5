import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import fp from 'fastify-plugin'
import { PROJECT_ROOT } from '../paths.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** URLs of our stylesheet and scripts, named by content hash so they can be cached for a year. */
    assetUrls: AssetUrls
  }
}

/** htmx on every page; `copy` (copy buttons) only on the pages that have them. */
export interface AssetUrls {
  readonly css: string
  readonly js: string
  readonly copy: string
}

/**
 * Serves the stylesheet, htmx and our one small script from our own origin under content-hashed names, with year-long
 * immutable caching (compression comes from @fastify/compress). Read once at boot.
 */
export default fp(
  async (app) => {
    const require = createRequire(import.meta.url)
    const sources = [
      { kind: 'css' as const, name: 'app', file: path.join(PROJECT_ROOT, 'views', 'assets', 'app.css'), type: 'text/css; charset=utf-8' },
      { kind: 'js' as const, name: 'htmx', file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
      { kind: 'copy' as const, name: 'copy', file: path.join(PROJECT_ROOT, 'views', 'assets', 'copy.js'), type: 'text/javascript; charset=utf-8' },
    ]
    const urls: Record<string, string> = {}
    for (const source of sources) {
      const content = await readFile(source.file)
      const hash = createHash('sha256').update(content).digest('hex').slice(0, 12)
      const url = `/assets/${source.name}.${hash}.${source.kind === 'css' ? 'css' : 'js'}`
      urls[source.kind] = url
      app.get(url, { config: { access: 'public' } }, async (_request, reply) =>
        reply.type(source.type).header('cache-control', 'public, max-age=31536000, immutable').send(content),
      )
    }
    app.decorate('assetUrls', { css: urls['css']!, js: urls['js']!, copy: urls['copy']! })
  },
  { name: 'assets' },
)
