/** The French strings of a lecturer’s profile (home) and plan pages. */
import * as format from '../../format.js'
import { count } from './count.js'
import type { Messages } from '../en/index.js'

export const home: Messages['home'] = {
  title: 'Mon profil',
  intro: (framework: string) => `Votre auto-évaluation au regard du référentiel « ${framework} ».`,
  chartTitle: 'Niveau moyen par domaine',
  chartDescription: (max: number) =>
    `Les barres indiquent votre niveau moyen auto-évalué dans chaque domaine, sur une échelle de 1 à ${max}. Les domaines que vous n’avez pas évalués n’ont pas de barre.`,
  domain: 'Domaine',
  rated: 'Évaluées',
  meanLevel: 'Niveau moyen',
  ratedOf: (rated: number, total: number) => `${rated} sur ${total}`,
  notRated: 'pas encore évalué',
  nothingRated:
    "Vous n’avez encore évalué aucune compétence. Ouvrez le référentiel et évaluez-vous là où vous connaissez bien votre niveau ; vous pouvez modifier une évaluation à tout moment.",
  openFramework: 'Ouvrir le référentiel',
  lastRating: (date: string) => `Votre dernière évaluation : ${date}.`,
  validationsTitle: 'Validé par votre évaluateur',
  validationsIntro: (days: number) => `Ce que votre évaluateur a validé ces ${days} derniers jours. Votre propre niveau reste celui que vous avez donné ; la validation est affichée à côté.`,
  target: 'Objectif',
  meanTarget: 'Objectif moyen',
  chartTargetNote: "Le repère foncé sur chaque barre indique l’objectif moyen de votre fonction dans ce domaine.",
  openPlan: 'Voir votre plan',
  downloadData: 'Télécharger toutes mes données (JSON)',
}

export const plan: Messages['plan'] = {
  title: 'Mon plan',
  intro: "Où vous en êtes par rapport à ce qu’exige votre fonction, et les formations de l’IIOE qui comblent vos écarts.",
  profile: (name: string) => `Votre profil de fonction : ${name}.`,
  noProfile:
    "Vous n’avez pas encore de profil de fonction : seuls les objectifs que vous vous êtes fixés s’appliquent. Demandez aux RH de vous en attribuer un.",
  targetsHint: "Les objectifs viennent de votre profil de fonction ; fixez les vôtres sur la page d’une compétence.",
  gapsTitle: 'Vos écarts par domaine',
  noGaps: 'Vous avez atteint tous vos objectifs. Bravo !',
  rateFirstTitle: 'Évaluez-vous d’abord',
  rateFirst: 'Vous n’avez encore évalué aucune compétence de ce référentiel. Vos écarts, vos recommandations et votre parcours viennent de vos propres évaluations : une compétence non évaluée n’est pas comptée comme un écart.',
  rateFirstLink: 'Commencer l’auto-évaluation',
  unratedWithTarget: (n: number) =>
    n === 1
      ? '1 compétence demandée par votre rôle n’est pas encore évaluée : elle ne compte pas comme un écart tant que vous ne l’avez pas évaluée.'
      : `${count(n, 'compétence', 'compétences')} demandées par votre rôle ne sont pas encore évaluées : elles ne comptent pas comme des écarts tant que vous ne les avez pas évaluées.`,
  rateThem: 'Les évaluer',
  competency: 'Compétence',
  current: 'Actuel',
  target: 'Objectif',
  gap: 'Écart',
  personal: 'le vôtre',
  stale: 'ancienne : à réévaluer',
  notRated: 'non évalué',
  notYet: 'Pas encore',
  noTarget: '—',
  gapsInDomain: (n: number) => (n === 0 ? 'aucun écart' : count(n, 'écart', 'écarts')),
  recommendationsTitle: 'Formations recommandées',
  recommendationsIntro:
    "Classées selon les niveaux d’écart que chacune comble (les compétences essentielles comptent davantage), puis par nombre d’heures croissant.",
  noRecommendations: 'Aucune formation du catalogue ne comble vos écarts.',
  closes: 'Comble',
  levelStep: (from: string, to: string) => `${from} → ${to}`,
  explain: (levels: number, competencies: number) => `Comble ${count(levels, 'niveau', 'niveaux')} d’écart dans ${count(competencies, 'compétence', 'compétences')}.`,
  weighted: (score: string) => `Les compétences essentielles comptent davantage : score pondéré ${score}.`,
  otherLanguagesTitle: (n: number) =>
    n === 1
      ? 'Une autre formation vous aiderait, mais elle n’est enseignée dans aucune de vos langues'
      : `${count(n, 'autre formation', 'autres formations')} vous aideraient, mais ne sont enseignées dans aucune de vos langues`,
  notInYourLanguages: 'pas dans vos langues',
  shapeTitle: 'Ajuster votre plan',
  hoursLabel: 'Heures que vous pouvez consacrer aux formations cette année',
  hoursHint: 'Laissez vide pour ne fixer aucune limite.',
  hoursInvalid: (max: string) => `Saisissez un nombre entier d’heures de 1 à ${max}, ou laissez le champ vide.`,
  focusLabel: 'Vous concentrer sur ces écarts',
  focusHint: 'N’en cochez aucun pour planifier tous vos écarts.',
  focusInvalid: 'Choisissez dans la liste les écarts sur lesquels vous concentrer.',
  update: 'Mettre à jour mon plan',
  focused: (n: number) => (n === 1 ? 'Plan établi pour l’écart que vous avez choisi.' : `Plan établi pour les ${format.formatNumber('fr', n, 0)} écarts que vous avez choisis.`),
  allGaps: 'Planifier tous les écarts',
  languagesTitle: 'Langues dans lesquelles vous pouvez vous former',
  languagesHint: 'Vos recommandations et votre parcours utilisent les formations enseignées dans ces langues ; les autres sont présentées à part.',
  languagesDefault: (language: string) => `Tant que vous n’avez pas choisi, la langue dans laquelle vous lisez ce site en tient lieu : ${language}.`,
  languagesSave: 'Enregistrer mes langues',
  languagesSaved: 'Vos langues sont enregistrées.',
  languagesMissing: 'Cochez au moins une langue.',
  budgetTitle: (hours: string) => `En ${hours} heures`,
  budgetResult: (n: number, hours: string, closed: number, closable: number) =>
    `${count(n, 'formation', 'formations')}, ${hours} h : ${n === 1 ? 'elle comble' : 'elles comblent'} ${format.formatNumber('fr', closed, 0)} des ${format.formatNumber('fr', closable, 0)} niveaux d’écart que le catalogue peut combler.`,
  budgetEmpty: 'Aucune formation utile ne tient dans ce budget.',
  budgetInexact: 'C’est le meilleur choix trouvé dans le temps imparti ; un autre choix pourrait combler un peu plus.',
  budgetAll: 'Votre budget suffit pour tout votre parcours d’apprentissage.',
  showAll: (n: number) => `Afficher les ${format.formatNumber('fr', n, 0)} recommandations`,
  pathTitle: "Votre parcours d’apprentissage",
  pathIntro:
    "L’ensemble de formations qui comble tous les écarts que le catalogue peut combler, avec le moins d’heures au total, dans l’ordre où les suivre.",
  pathTotal: (hours: string, n: number) => `${count(n, 'formation', 'formations')}, ${hours} h au total.`,
  pathEmpty: "Aucune formation n’est nécessaire : le catalogue n’a aucun écart ouvert à combler.",
  unclosable: "Écarts qu’aucune formation du catalogue ne peut combler entièrement :",
  planIt: 'La prévoir',
  startIt: 'La commencer',
  added: (title: string) => `« ${title} » figure dans vos activités.`,
  viewActivities: 'Voir vos activités',
}
