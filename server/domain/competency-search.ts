import type { TreeNode } from './tree.js'

/**
 * Rateable competencies whose code or title (in any language the framework carries) contains every
 * word of the query, in framework order. An empty query matches them all.
 *
 * ```ts
 * searchCompetencies(tree.competencies, 'ped feedback') // [{ code: 'PED.3', title: 'Assessment and feedback', ... }]
 * ```
 */
export function searchCompetencies(competencies: readonly TreeNode[], query: string): TreeNode[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...competencies]
  return competencies.filter((competency) => {
    const text = [competency.code, competency.title, ...Object.values(competency.translations).map((translation) => translation.title ?? '')].join(' ').toLocaleLowerCase()
    return words.every((word) => text.includes(word))
  })
}
