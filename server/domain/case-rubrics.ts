import type { LevelDescriptor } from './framework.js'
import type { CaseRubric, CaseRubricCriterion, CaseRubricCriterionLevel } from './case-package.js'
import type { KeptCriterion, KeptCriterionLevel, KeptRubric } from './case-kept.js'
import { clip } from './plain-text.js'
import type { Scale } from './scale.js'

/** The scale a package without a usable rubric gets. */
export const DEFAULT_SCALE: Scale = {
  title: 'Proficiency',
  levels: [
    { level: 1, label: 'Emerging', description: 'Shows the competency with support, in simple situations.' },
    { level: 2, label: 'Developing', description: 'Shows the competency on their own in familiar situations.' },
    { level: 3, label: 'Proficient', description: 'Shows the competency consistently, and adapts it to new situations.' },
  ],
}

/**
 * A framework's scale and each item's level descriptors, read from a package's rubrics. CASE gives
 * each item its own rubric criterion, with levels (quality, score, description); we have one scale
 * for the framework, and what a level looks like for one item beside it.
 *
 * - Every criterion of every rubric is read, each for the item its CFItemURI names (the first
 *   criterion of an item counts, the others are named in a warning). A criterion without CFItemURI
 *   (our exports before each criterion named an item did so) is the scale itself.
 * - Otherwise the scale is what the criteria share: the levels (by score, else position, else order)
 *   and qualities most criteria have, and for each level the description most criteria give it (on a
 *   tie the first in the tree). Our exports give every domain a criterion stating the scale, with
 *   each level's code as feedback, so the scale comes back whole even when every competency has
 *   descriptors of its own.
 * - An item's descriptor for a level is its criterion's description where it differs from the
 *   scale's (the feedback as its label, unless it is the level's code). Levels of a criterion that
 *   match no level of the scale are left out, with a warning.
 */
export function readScale(rubrics: readonly CaseRubric[], treeOrder: ReadonlyMap<string, number>, documentLanguage: string, warnings: string[], isOurs: OursTest = () => false): ScaleRead {
  const all = rubrics.flatMap((rubric) => rubric.CFRubricCriteria ?? [])
  const unlinked = all.find((criterion) => criterion.CFItemURI === undefined)
  const byItem = new Map<string, CaseRubricCriterion>()
  let repeated = 0
  let elsewhere = 0
  for (const criterion of all) {
    const item = criterion.CFItemURI?.identifier
    if (item === undefined) continue
    if (!treeOrder.has(item)) elsewhere++
    else if (byItem.has(item)) repeated++
    else byItem.set(item, criterion)
  }
  if (repeated > 0) warnings.push(`${repeated} rubric criteria of an item that already has one were left out`)
  if (elsewhere > 0) warnings.push(`${elsewhere} rubric criteria of items not in this package were left out`)
  const linked = [...byItem.entries()].sort(([a], [b]) => treeOrder.get(a)! - treeOrder.get(b)!).map(([, criterion]) => criterion)
  const levelsOf = (criterion: CaseRubricCriterion) => [...(criterion.CFRubricCriterionLevels ?? [])].map((level, index) => ({ level, key: levelKey(level, index) })).sort((a, b) => a.key - b.key)

  // The scale's levels: the unlinked criterion's, else the shape (keys and qualities) most criteria share.
  const shapes = new Map<string, { count: number; criterion: CaseRubricCriterion }>()
  for (const criterion of linked) {
    const shape = JSON.stringify(levelsOf(criterion).map(({ level, key }) => [key, level.quality?.trim() ?? '']))
    const seen = shapes.get(shape)
    shapes.set(shape, { count: (seen?.count ?? 0) + 1, criterion: seen?.criterion ?? criterion })
  }
  const shared = [...shapes.values()].reduce<{ count: number; criterion: CaseRubricCriterion } | undefined>((best, entry) => (best === undefined || entry.count > best.count ? entry : best), undefined)
  const source = unlinked ?? shared?.criterion
  const levels = source === undefined ? [] : levelsOf(source)
  if (levels.length < 2 || levels.length > 10) {
    warnings.push(`${all.length === 0 ? 'no CFRubrics' : `the rubric's scale has ${levels.length} levels, not 2 to 10`}: the default scale ${DEFAULT_SCALE.levels.map((level) => level.label).join(', ')} was used`)
    return { scale: structuredClone(DEFAULT_SCALE), descriptors: new Map(), ...keptRubrics(rubrics, byItem, new Map(), isOurs) }
  }
  const numberOf = new Map(levels.map(({ key }, index) => [key, index + 1]))

  // Each level's description and code: the unlinked criterion's, else what most criteria of the shape say.
  const sameShape = unlinked === undefined ? linked.filter((criterion) => shapes.get(JSON.stringify(levelsOf(criterion).map(({ level, key }) => [key, level.quality?.trim() ?? ''])))?.criterion === source) : [unlinked]
  const said = levels.map(({ key }) => {
    const votes = new Map<string, { count: number; feedback: string | undefined }>()
    for (const criterion of sameShape) {
      const level = levelsOf(criterion).find((entry) => entry.key === key)?.level
      const text = level?.description?.trim() ? level.description : undefined
      if (text === undefined) continue
      const seen = votes.get(text)
      votes.set(text, { count: (seen?.count ?? 0) + 1, feedback: seen === undefined ? level!.feedback : seen.feedback })
    }
    return [...votes.entries()].reduce<[string, { count: number; feedback: string | undefined }] | undefined>((best, entry) => (best === undefined || entry[1].count > best[1].count ? entry : best), undefined)
  })
  const title = rubrics[0]?.title
  const scale: Scale = {
    ...(title ? { title: clip(title, 200) } : {}),
    // The publisher's rubric is in the document's language; the default scale is ours, in English.
    ...(documentLanguage === 'en' ? {} : { language: documentLanguage }),
    levels: levels.map(({ level }, index) => {
      const label = clip(level.quality?.trim() || `Level ${index + 1}`, 200)
      const [description, { feedback }] = said[index] ?? [undefined, { feedback: level.feedback }]
      const code = feedback !== undefined && feedback.length <= 20 && /^\S+$/.test(feedback) ? { code: feedback } : {}
      return { level: index + 1, ...code, label, description: clip(description ?? label, 2000) }
    }),
  }

  const descriptors = new Map<string, Record<string, LevelDescriptor>>()
  let skipped = 0
  for (const criterion of linked) {
    const item = criterion.CFItemURI!.identifier
    for (const { level, key } of levelsOf(criterion)) {
      const number = numberOf.get(key)
      const onScale = number === undefined ? undefined : scale.levels[number - 1]
      if (onScale === undefined || !level.description?.trim()) {
        skipped++
        continue
      }
      const label = level.feedback !== undefined && level.feedback !== onScale.code ? level.feedback : undefined
      if (clip(level.description, 2000) === onScale.description && label === undefined) continue
      descriptors.set(item, { ...descriptors.get(item), [String(number)]: { ...(label === undefined ? {} : { label: clip(label, 200) }), description: clip(level.description, 2000) } })
    }
  }
  if (skipped > 0) warnings.push(`${skipped} rubric levels without a description or a matching scale level were left out`)
  return { scale, descriptors, ...keptRubrics(rubrics, byItem, numberOf, isOurs) }
}

/** Tells the identifiers our own exports mint (a rubric's by the document, a criterion's by its item): not the publisher's, not kept. */
export type OursTest = (kind: 'rubric' | 'criterion', identifier: string, of: string) => boolean

export interface ScaleRead {
  scale: Scale
  descriptors: Map<string, Record<string, LevelDescriptor>>
  /** The package's rubrics, and each item's criterion (by item identifier), kept as given (case-kept.ts). */
  rubrics: KeptRubric[]
  criteria: Map<string, KeptCriterion>
}

/**
 * What the rubrics said, kept for the export to say again: each rubric's own fields, and each item's
 * criterion with its levels, each level with the scale level it was read as (`numberOf`, by level
 * key). What our own exports minted is left out: read back, they are minted again the same.
 */
function keptRubrics(rubrics: readonly CaseRubric[], byItem: ReadonlyMap<string, CaseRubricCriterion>, numberOf: ReadonlyMap<number, number>, isOurs: OursTest): Pick<ScaleRead, 'rubrics' | 'criteria'> {
  const rubricOf = new Map(rubrics.flatMap((rubric) => (rubric.CFRubricCriteria ?? []).map((criterion) => [criterion, rubric.identifier] as const)))
  const kept = rubrics.filter((rubric) => !isOurs('rubric', rubric.identifier, '')).map((rubric) => strip({ identifier: rubric.identifier, title: rubric.title, description: rubric.description, lastChangeDateTime: rubric.lastChangeDateTime }))
  const criteria = new Map<string, KeptCriterion>()
  for (const [item, criterion] of byItem) {
    if (isOurs('criterion', criterion.identifier, item)) continue
    const levels = [...(criterion.CFRubricCriterionLevels ?? [])].map((level, index): KeptCriterionLevel => {
      const number = numberOf.get(levelKey(level, index))
      const description = number === undefined || (level.description !== undefined && level.description.length > 2000) ? level.description : undefined
      return strip({ identifier: level.identifier, level: number, quality: level.quality, score: level.score, feedback: level.feedback, position: level.position, description, lastChangeDateTime: level.lastChangeDateTime })
    })
    criteria.set(item, {
      ...strip({ identifier: criterion.identifier, rubric: rubricOf.get(criterion)!, category: criterion.category, description: criterion.description, weight: criterion.weight, position: criterion.position, lastChangeDateTime: criterion.lastChangeDateTime }),
      levels,
    })
  }
  return { rubrics: kept, criteria }
}

function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
}

function levelKey(level: CaseRubricCriterionLevel, index: number): number {
  return level.score ?? level.position ?? index
}
