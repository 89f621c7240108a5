/** The French strings of signing in, invitations, the account page and the invitation mail. */
import { count } from './count.js'
import type { Messages } from '../en/index.js'

export const login: Messages['login'] = {
  title: 'Connexion',
  intro: "Connectez-vous avec l’adresse électronique et le mot de passe fournis par votre établissement.",
  email: 'Adresse électronique',
  password: 'Mot de passe',
  submit: 'Se connecter',
  failed: 'Cette adresse et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.',
  missing: 'Saisissez votre adresse électronique et votre mot de passe.',
  demoHint: 'Sur la démonstration, tous les comptes utilisent le mot de passe demo-password :',
  passwordsOff: 'Votre université vous connecte avec son propre compte, pas avec un mot de passe d’ici : utilisez « Votre compte universitaire » ci-dessus.',
  providerTitle: 'Votre compte universitaire',
  providerIntro: 'Votre université vous connecte-t-elle avec Google, Microsoft ou une autre authentification unique ? Saisissez votre adresse professionnelle et poursuivez chez elle.',
  providerEmail: 'Adresse professionnelle',
  providerSubmit: 'Continuer',
  orPassword: 'Ou connectez-vous avec un mot de passe',
  providerChoice: 'Votre université vous connecte de plusieurs façons : choisissez-en une.',
  signInWith: (provider: string) => `Se connecter avec ${provider}`,
  unknownDomain: (domain: string) => `Aucune authentification unique n’est configurée pour ${domain}. Connectez-vous avec votre mot de passe ou adressez-vous à vos RH.`,
  emailMissing: 'Saisissez votre adresse professionnelle.',
  flowLost: 'La connexion a pris trop de temps ou a commencé dans un autre navigateur. Recommencez.',
  providerCancelled: (provider: string) => `La connexion chez ${provider} a été annulée ou refusée. Recommencez si vous vouliez vous connecter.`,
  providerFailed: (provider: string) => `La connexion avec ${provider} n’a pas abouti. Recommencez ; si cela se reproduit, prévenez vos RH.`,
  providerUnavailable: (provider: string) => `${provider} est injoignable. Réessayez dans quelques minutes.`,
  refusals: {
    emailNotVerified: (provider: string) => `${provider} n’a pas confirmé que cette adresse est la vôtre : il ne peut pas vous connecter ici. Adressez-vous à votre service informatique.`,
    emailOutsideDomains: (provider: string) => `${provider} vous a connecté avec une adresse qu’il ne sert pas ici. Utilisez votre compte universitaire.`,
    accountDisabled: (_provider: string) => 'Votre compte est désactivé ici. Adressez-vous à vos RH.',
    noAccount: (provider: string) => `${provider} vous connaît, mais vous n’avez pas encore de compte ici. Demandez à vos RH de vous ajouter.`,
    identityTaken: (provider: string) => `Votre compte est déjà lié à un autre compte chez ${provider}. Connectez-vous avec celui-là ou adressez-vous à vos RH.`,
  },
}

export const invite: Messages['invite'] = {
  title: 'Choisissez votre mot de passe',
  intro: (name: string, email: string) => `Bienvenue, ${name}. Choisissez un mot de passe pour ${email}.`,
  password: 'Nouveau mot de passe',
  confirm: 'Répétez le mot de passe',
  hint: 'Au moins 10 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.',
  submit: 'Enregistrer le mot de passe et se connecter',
  tooShort: 'Utilisez au moins 10 caractères.',
  tooLong: 'Utilisez au plus 200 caractères.',
  mismatch: 'Les deux mots de passe ne sont pas identiques.',
  invalid: "Ce lien d’invitation n’est pas valable : il a peut-être déjà servi ou expiré. Demandez-en un nouveau aux RH.",
}

export const mail: Messages['mail'] = {
  invitationSubject: (institution: string) => `Votre compte ${institution} sur Competency Tracker`,
  invitationText: (name: string, institution: string, url: string, days: number) =>
    `Bonjour ${name},\n\n${institution} vous a ajouté à Competency Tracker, où vous vous évaluez au regard du référentiel de compétences et planifiez votre développement professionnel.\n\nChoisissez votre mot de passe ici (le lien fonctionne une fois, pendant ${days} jours) :\n${url}\n\nSi vous n’attendiez pas ce message, vous pouvez l’ignorer.`,
}

export const account: Messages['account'] = {
  changePassword: 'Changer de mot de passe',
  changePasswordIntro: 'Changer votre mot de passe vous déconnecte partout ailleurs : les autres navigateurs et les jetons d’API cessent de fonctionner. Ce navigateur reste connecté.',
  currentPassword: 'Mot de passe actuel',
  newPassword: 'Nouveau mot de passe',
  confirmPassword: 'Répétez le nouveau mot de passe',
  passwordHint: (min: number, max: number) => `De ${min} à ${max} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner ; aucun chiffre ni symbole n’est exigé.`,
  submit: 'Changer de mot de passe',
  changed: 'Votre mot de passe a été changé. Toutes vos autres sessions ont pris fin.',
  currentMissing: 'Saisissez votre mot de passe actuel.',
  currentWrong: 'Votre mot de passe actuel n’est pas correct.',
  sameAsCurrent: 'Le nouveau mot de passe est identique à l’actuel : choisissez-en un autre.',
  mismatch: 'Le nouveau mot de passe et sa répétition ne sont pas identiques.',
  tooShort: (length: number, min: number) => `Le mot de passe a ${count(length, 'caractère', 'caractères')} : utilisez-en au moins ${min}.`,
  tooLong: (length: number, max: number) => `Le mot de passe a ${count(length, 'caractère', 'caractères')} : utilisez-en au plus ${max}.`,
  repetitive: 'Le mot de passe répète un seul caractère : choisissez-en un plus difficile à deviner.',
  common: 'C’est l’un des mots de passe les plus courants, que les attaquants essaient en premier : choisissez-en un autre.',
  personal: 'Le mot de passe ne doit pas être votre adresse électronique ni votre nom.',
  throttled: (minutes: number) => `Trop de tentatives de connexion. Attendez ${count(minutes, 'minute', 'minutes')} puis réessayez.`,
  signOutNote: 'Se déconnecter met fin à vos sessions sur tous les appareils.',
}
