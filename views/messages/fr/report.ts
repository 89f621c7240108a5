import type { Messages } from '../en/index.js'

/** Le rapport personnel (/me/report). */
export const report: Messages['report'] = {
  title: 'Mon rapport',
  intro: (framework: string) => `Votre auto-évaluation au regard des cibles de votre fonction dans « ${framework} », en mots. Pour la garder, imprimez-la ou enregistrez-la en PDF depuis le menu d’impression de votre navigateur.`,
  private: 'Ce rapport est le vôtre : personne d’autre ne peut l’ouvrir.',
  domainsTitle: 'Où vous en êtes',
  domain: 'Domaine',
  standingHeader: 'Au regard de vos cibles',
  rated: 'Évaluées',
  ratedOf: (rated: number, asked: number) => `${rated} sur ${asked}`,
  standings: {
    met: 'Vous atteignez toutes les cibles que vous avez évaluées.',
    close: 'À environ un niveau de vos cibles.',
    below: 'En moyenne à plus d’un niveau de vos cibles.',
    unrated: 'Pas encore évalué.',
  },
  changeSince: (round: string) => `Depuis « ${round} »`,
  change: (value: string, direction: 'up' | 'down' | 'same') => (direction === 'same' ? 'sans changement' : `${direction === 'up' ? 'en hausse' : 'en baisse'} de ${value} en moyenne`),
  strengthsTitle: 'Vos points forts',
  noStrengths: 'Aucune compétence évaluée n’atteint encore sa cible.',
  prioritiesTitle: 'Vos trois priorités',
  noPriorities: 'Aucun écart parmi les compétences que vous avez évaluées.',
  levelAgainst: (level: string, target: string) => `${level} ; votre cible : ${target}`,
  programmesFor: 'Formations qui vous font progresser à partir de là, les plus courtes d’abord :',
  noProgramme: 'Aucune formation dans vos langues ne couvre encore ce point.',
  openPlan: 'Voir tout votre plan',
  link: 'Lire votre rapport',
}
