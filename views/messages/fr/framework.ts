/** The French strings of the framework pages, where staff rate themselves, and the crosswalk panel. */
import * as format from '../../format.js'
import type { Messages } from '../en/index.js'

export const framework: Messages['framework'] = {
  title: 'Référentiel',
  intro: 'Ouvrez un domaine, lisez les descripteurs de niveau et évaluez-vous. Chaque évaluation est conservée dans votre historique.',
  provisional: "Ce référentiel est provisoire : il s’inspire de sources publiques en attendant l’import du texte officiel.",
  switchLabel: 'Référentiels utilisés par votre établissement',
  switchPurpose: (purpose: string) => ` : ${purpose}`,
  ratedInDomain: (rated: number, total: number) => `${rated} sur ${total} ${format.plural('fr', rated, { one: 'évaluée', other: 'évaluées' })}`,
  appliesTo: 'Pour',
  currentLevel: 'Niveau actuel',
  notYetRated: 'Pas encore évalué',
  ratedOn: (date: string) => `évalué le ${date}`,
  levelDescriptors: 'Descripteurs de niveau',
  indicators: 'Indicateurs',
  rate: 'Vous évaluer',
  yourLevel: 'Votre niveau',
  evidence: 'Justificatif',
  evidenceHint: "Ce qui montre ce niveau : un cours que vous donnez, un certificat, l’observation d’un collègue.",
  evidenceUrl: 'Lien vers le justificatif (facultatif)',
  save: "Enregistrer l’évaluation",
  saved: 'Évaluation enregistrée.',
  fixErrors: "L’évaluation n’a pas été enregistrée. Corrigez les champs signalés ci-dessous.",
  history: 'Historique',
  noHistory: "Pas encore d’évaluation.",
  date: 'Date',
  level: 'Niveau',
  source: 'Origine',
  sources: { self: 'Auto-évaluation', reviewer: 'Validation' },
  viewHistory: 'Détails et historique',
  yourTarget: 'Votre objectif',
  targetFromProfile: (profile: string) => `issu de votre profil de fonction (${profile})`,
  targetPersonal: 'fixé par vous',
  noTarget: "Pas d’objectif pour cette compétence.",
  setTarget: 'Fixer mon propre objectif',
  saveTarget: "Enregistrer l’objectif",
  useProfileTarget: "Reprendre l’objectif de mon profil de fonction",
  targetSaved: 'Objectif enregistré.',
  backToFramework: 'Retour au référentiel',
  sourceOf: 'Source',
}

export const crosswalk: Messages['crosswalk'] = {
  title: 'Correspondances dans d’autres référentiels',
  relations: { exact: 'Identique à', broader: 'Plus large :', narrower: 'Plus étroit :', related: 'Apparenté :' } as Record<string, string>,
  none: 'Aucune compétence apparentée dans d’autres référentiels.',
}
