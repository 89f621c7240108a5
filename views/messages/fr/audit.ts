/** The French names of the audit log's actions, by the code each entry stores. */
import type { Messages } from '../en/index.js'

export const audit: Messages['audit'] = {
  actions: {
    'rating.self': 'S’est auto-évalué',
    'rating.validate': 'A validé une évaluation',
    'target.set': 'A fixé un objectif',
    'target.clear': 'A retiré un objectif',
    'activity.create': 'A consigné une activité',
    'activity.update': 'A mis à jour une activité',
    'account.password': 'A changé son mot de passe',
    'staff.create': 'A ajouté une personne',
    'staff.update': 'A modifié une personne',
    'staff.import': 'A importé du personnel',
    'staff.invitation': 'A envoyé une nouvelle invitation',
    'staff.password': 'A défini son mot de passe depuis une invitation',
    'department.create': 'A ajouté un département',
    'department.rename': 'A renommé un département',
    'settings.update': 'A modifié les paramètres de l’établissement',
    'programme.create': 'A créé un programme',
    'programme.update': 'A modifié un programme',
    'programme.link': 'A lié une compétence à un programme',
    'programme.unlink': 'A délié une compétence d’un programme',
    'programme.links': 'A remplacé les compétences d’un programme',
    'catalogue.import': 'A importé le catalogue',
    'framework.import': 'A importé un référentiel',
    'framework.version': 'A chargé une nouvelle version de référentiel',
    'institution.create': 'A créé un établissement',
  },
  unnamed: 'Autre modification',
}
