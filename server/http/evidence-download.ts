import type { FastifyReply } from 'fastify'
import type { EvidenceDownload } from '../services/evidence.js'

/**
 * Sends an evidence file as a download, never as a page: `attachment` with the kept name (ASCII for
 * old browsers, UTF-8 for the rest), the type read from its content (one of a fixed list, never HTML
 * or SVG), no sniffing, and a policy that would run nothing even if a browser opened it in place.
 *
 * ```ts
 * return sendEvidence(reply, await app.services.evidence.download(user, id))
 * ```
 */
export function sendEvidence(reply: FastifyReply, file: EvidenceDownload): FastifyReply {
  const ascii = file.name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;%]/g, '').trim() || 'evidence'
  return reply
    .header('content-type', file.type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.content)
}
