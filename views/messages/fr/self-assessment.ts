import type { Messages } from '../en/index.js'

/** L’auto-évaluation guidée (/self-assessment). */
export const selfAssessment: Messages['selfAssessment'] = {
  title: 'M’auto-évaluer',
  intro: (framework: string) => `Évaluez-vous sur les compétences que votre fonction demande dans ${framework}, une par écran. Vous pouvez vous arrêter à tout moment et reprendre là où vous en étiez.`,
  progress: (rated: number, total: number) => `${rated} sur ${total} évaluées`,
  start: 'Commencer',
  continue: 'Reprendre là où je me suis arrêté',
  allRated: 'Vous avez évalué toutes les compétences que votre fonction demande. Vous pouvez modifier chaque réponse.',
  reviewAnswers: 'Relire mes réponses',
  competencyOf: (place: number, total: number) => `Compétence ${place} sur ${total}`,
  notAsked: 'Votre fonction ne demande pas cette compétence ; vous pouvez tout de même l’évaluer.',
  chooseLevel: 'Qu’est-ce qui décrit le mieux votre pratique ?',
  saveNext: 'Enregistrer et continuer',
  skip: 'Passer pour l’instant',
  previous: 'Précédente',
  next: 'Suivante',
  saved: (code: string) => `${code} enregistrée.`,
  back: 'Retour à la vue d’ensemble',
  summaryTitle: 'Vos réponses',
  summaryIntro: 'Relisez vos réponses avant de terminer ; vous pouvez modifier chacune.',
  change: 'Modifier',
  notRated: 'Pas encore évaluée',
  rate: 'Évaluer',
  finish: 'Terminer : voir mon plan',
  notFinished: (left: number) => (left === 1 ? 'Une compétence n’est pas encore évaluée.' : `${left} compétences ne sont pas encore évaluées.`),
}
