import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { TreeNode } from '../../../domain/tree.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import { errorResponse, frameworkQuery } from '../../../http/api-schemas.js'
import { ASSESSMENT_SUBJECTS } from '../../../domain/framework-use.js'

interface TreeNodeJson {
  id: number
  code: string
  title: string
  kind: 'domain' | 'competency' | 'indicator'
  description: string
  children: TreeNodeJson[]
}

const treeNode: z.ZodType<TreeNodeJson> = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  kind: z.enum(['domain', 'competency', 'indicator']),
  description: z.string(),
  get children() {
    return z.array(treeNode)
  },
})

/** GET /api/v1/framework: the caller's framework (or another, by id) as a tree with its scale. */
const frameworkApi: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/framework',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['framework'],
        summary: "A framework's tree and proficiency scale: `framework`, one your institution uses; `id`, any loaded version; by default your institution's first for your role",
        querystring: frameworkQuery.extend({ id: z.coerce.number().int().positive().max(2_147_483_647).optional() }).strict(),
        response: {
          200: z.object({
            id: z.number().int(),
            slug: z.string(),
            version: z.string(),
            title: z.string(),
            status: z.enum(['provisional', 'official']),
            subject: z.enum(ASSESSMENT_SUBJECTS).describe('What it assesses: a person, a unit or the institution'),
            scale: z.array(z.object({ level: z.number().int(), label: z.string(), description: z.string() })),
            tree: z.array(treeNode),
          }),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const { id } = request.query
      const framework = id === undefined ? (await app.services.frameworkUses.choose(signedInUser(request), { requested: request.query.framework })).framework : await app.services.frameworks.get(id)
      if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: id ?? 0 })
      const { row, tree } = framework
      return {
        id: row.id,
        slug: row.slug,
        version: row.version,
        title: row.title,
        status: row.status,
        subject: row.subject,
        scale: row.scale.levels.map(({ level, label, description }) => ({ level, label, description })),
        tree: tree.roots.map(nodeJson),
      }
    },
  )
}

export default frameworkApi

function nodeJson(node: TreeNode): TreeNodeJson {
  return { id: node.id, code: node.code, title: node.title, kind: node.kind, description: node.description, children: node.children.map(nodeJson) }
}
