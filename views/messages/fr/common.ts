/** The French strings every page shares: the app name, navigation, language switch, errors, validation and the number and date formats. */
import * as format from '../../format.js'
import type { Messages } from '../en/index.js'
import { elided } from '../../elision.js'

export const appName: Messages['appName'] = 'Suivi des compétences'

export const skipToContent: Messages['skipToContent'] = 'Aller au contenu'

export const nav: Messages['nav'] = {
  home: 'Mon profil',
  framework: 'Référentiel',
  plan: 'Mon plan',
  programmes: 'Formations',
  activities: 'Mes activités',
  hr: 'Établissement',
  staff: 'Personnel',
  audit: "Journal d’audit",
  menu: 'Menu',
  signOut: 'Se déconnecter',
  signedInAs: (name: string, institution: string) => `Session ${elided('de', name)}, ${institution}`,
}

export const punctuation: Messages['punctuation'] = {
  colon: ' : ',
  listSeparator: ', ',
  sentenceSeparator: '. ',
  openParenthesis: ' (',
  closeParenthesis: ')',
}

export const language: Messages['language'] = {
  label: 'Langue',
  unknownTitle: 'Langue non disponible',
  unknown: "Cette langue n’est pas disponible. Choisissez English, Français ou 中文.",
}

export const errors: Messages['errors'] = {
  title: 'Un problème est survenu',
  notFound: 'Page introuvable',
  notFoundText: "Il n’y a rien à cette adresse. La page a peut-être été déplacée, ou le lien est mal saisi.",
  forbidden: 'Accès refusé',
  csrf: 'Ce formulaire a expiré. Rechargez la page et réessayez.',
  serverError:
    "Désolé, un problème est survenu de notre côté. Votre dernière modification n’a peut-être pas été enregistrée ; veuillez réessayer.",
  backHome: 'Retour à votre profil',
  unavailable: 'Temporairement indisponible',
  unavailableText: 'La base de données ne répond pas pour le moment : rien n’a été lu ni enregistré. Réessayez dans une minute.',
  badUrl: 'Cette adresse n’est pas valide. Vérifiez le lien, ou revenez en arrière et réessayez.',
  urlTooLong: 'Cette adresse est trop longue. Vérifiez le lien, ou revenez en arrière et réessayez.',
}

export const validation: Messages['validation'] = {
  levelRequired: 'Choisissez un niveau.',
  levelOffScale: (levels: string) => `Choisissez l’un des niveaux ${levels}.`,
  evidenceTooLong: (max: number) => `Limitez le justificatif à ${max} caractères.`,
  urlInvalid: 'Saisissez une adresse web complète commençant par http:// ou https://.',
}

export const formatDate: Messages['formatDate'] = (date: Date) => format.formatDate('fr', date)

export const formatNumber: Messages['formatNumber'] = (value: number, digits = 1) => format.formatNumber('fr', value, digits)

export const formatPercent: Messages['formatPercent'] = (share: number) => format.formatPercent('fr', share)
