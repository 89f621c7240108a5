/** The French strings of who sees a person's self-ratings: the sentence on rating pages, sharing, and HR's setting. */
import type { Messages } from '../en/index.js'

export const visibility: Messages['visibility'] = {
  title: 'Qui voit mes évaluations',
  onlyYou: (k) => `Vous seul. Vos RH ne voient vos évaluations que dans des totaux d’au moins ${k} personnes.`,
  noReviewer: (k) => `Vous seul : vous n’avez pas encore d’évaluateur avec qui les partager. Vos RH ne voient vos évaluations que dans des totaux d’au moins ${k} personnes.`,
  onceShared: (reviewer, k) =>
    `Vous seul pour l’instant : vous et votre évaluateur, ${reviewer}, une fois que vous les partagez, puis les RH aussi. D’ici là, vos RH ne les voient que dans des totaux d’au moins ${k} personnes.`,
  sharedNow: (reviewer) => `Vous, votre évaluateur ${reviewer} et les RH : vous partagez vos évaluations avec eux.`,
  everyone: (reviewer) => `Vous, votre évaluateur ${reviewer} et les RH.`,
  everyoneNoReviewer: 'Vous et les RH.',
  manage: 'Partage',
  shareHint: 'Partager montre à votre évaluateur et aux RH toutes vos auto-évaluations actuelles avec leurs preuves, ainsi que celles que vous enregistrerez ensuite. Vous pouvez arrêter à tout moment.',
  share: 'Partager mes évaluations avec mon évaluateur',
  unshare: 'Arrêter le partage',
  sharedSince: (date) => `Vous les partagez depuis le ${date}.`,
  sharedSaved: 'Vous partagez maintenant vos évaluations avec votre évaluateur.',
  unsharedSaved: 'Vous ne partagez plus vos évaluations.',
  notShared: 'n’a pas partagé ses évaluations',
  reviewPrivate: 'Votre établissement garde les auto-évaluations privées : vous voyez qui vous évaluez, pas ses évaluations.',
  settingLegend: 'Qui voit les auto-évaluations d’une personne',
  settingHint: 'Le personnel en est informé sur chaque page où il s’évalue.',
  modes: {
    aggregates: 'Totaux seulement (par défaut)',
    shared: 'Ce que chaque personne partage',
    everything: 'Tout',
  },
  modeHints: {
    aggregates: 'Les RH et les évaluateurs voient des rapports d’au moins K personnes, jamais les niveaux ni les preuves d’une personne.',
    shared: 'L’évaluateur d’une personne et les RH voient ses niveaux et ses preuves une fois qu’elle les partage ; elle peut arrêter le partage à tout moment.',
    everything: 'L’évaluateur d’une personne et les RH voient toujours ses niveaux et ses preuves. Ne choisissez ceci que si la politique de votre établissement l’exige.',
  },
  settingInvalid: 'Rien n’a été enregistré : choisissez qui voit les auto-évaluations.',
}
