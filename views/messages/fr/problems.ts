/** The French of the refusals a service gives a person (a code already used, a department already there, ...). */
import { shownId, type MissingThing } from '../../../server/domain/problems.js'
import type { MetadataFault } from '../../../server/domain/saml.js'
import { elided } from '../../elision.js'
import type { Messages } from '../en/index.js'
import { admin } from './admin.js'
import { staff } from './staff.js'

export const problems: Messages['problems'] = {
  programmeCodeTaken: ({ code }) => `Le code ${code} est déjà utilisé par une autre formation : choisissez-en un autre`,
  programmeStale: () => 'Quelqu’un d’autre a enregistré cette formation pendant que vous la modifiiez. Vos modifications n’ont pas été enregistrées : la voici telle qu’elle est maintenant.',
  programmePublishedNeedsLinks: ({ code }) => `${code} est publiée : elle doit développer au moins une compétence. Dépubliez-la avant de toutes les retirer.`,
  programmePublishedLastLink: ({ code }) => `${code} est publiée : elle doit développer au moins une compétence. Dépubliez-la avant de retirer la dernière.`,
  programmeWithoutLinks: ({ code }) => `${code} ne développe encore aucune compétence : liez-en au moins une avant de la publier, pour qu’elle puisse être recommandée.`,
  linkUnknown: ({ competencyId }) => `Ce référentiel n’a pas de compétence ${competencyId} à évaluer`,
  linkTwice: ({ competency }) => `${competency} est liée deux fois : gardez un seul lien par compétence`,
  linkFromOffScale: ({ competency, level, max }) => `${competency} : le niveau de départ ${level} n’est pas sur l’échelle (0 à ${max})`,
  linkToOffScale: ({ competency, level, max }) => `${competency} : le niveau d’arrivée ${level} n’est pas sur l’échelle (1 à ${max})`,
  linkNotAbove: ({ competency, from, to }) => `${competency} : le niveau d’arrivée ${to} doit être supérieur au niveau de départ ${from}`,
  linksSeveral: ({ count }) => `${count} problèmes dans les liens ; rien n’a été enregistré`,
  ownReviewer: () => 'Une personne ne peut pas être son propre évaluateur',
  emailOnStaffList: ({ email }) => `${email} figure déjà dans votre liste du personnel`,
  emailInOtherInstitution: ({ email }) => `${email} est déjà utilisée par un compte d’un autre établissement`,
  ownAccount: () => 'Vous ne pouvez ni désactiver votre propre compte ni changer votre propre rôle ; demandez-le à un autre collègue RH',
  roleNotGrantable: ({ role, roles }) => `Vous ne pouvez pas donner le rôle ${roleName(role)} : les rôles que vous pouvez donner sont ${roleNames(roles)}`,
  departmentNameInvalid: () => 'Un département a besoin d’un nom de 1 à 200 caractères',
  departmentExists: ({ name }) => `Il existe déjà un département « ${name} »`,
  departmentHasPeople: ({ name, count }) =>
    `« ${name} » compte encore ${count} ${count === 1 ? 'personne active' : 'personnes actives'} : affectez-les d’abord à un autre département`,
  institutionExists: ({ name }) => `Il existe déjà un établissement nommé ${name}`,
  emailHasAccount: ({ email }) => `${email} a déjà un compte`,
  programmeInLog: ({ activity }) => `Cette formation est déjà dans votre journal (activité ${activity}) : modifiez plutôt celle-ci`,
  activityTitleOrProgramme: () => 'Donnez un titre à l’activité, ou choisissez une formation',
  activityTitleRequired: () => 'Une activité a besoin d’un titre',
  activityStaysCompleted: () => 'Une activité terminée le reste ; enregistrez une nouvelle activité pour la suivre à nouveau',
  activityNotBackToPlanned: () => 'Une activité en cours ne peut pas revenir à « prévue »',
  activityDatesReversed: ({ completedAt, startedAt }) => `La date de fin ${completedAt} précède la date de début ${startedAt}`,
  activityCompletionDateTooEarly: () => 'Seule une activité terminée a une date de fin',
  ratingsAggregatesOnly: ({ name }) =>
    `Votre établissement garde privées les auto-évaluations de chacun : les RH et les évaluateurs n’en voient que des totaux de plusieurs personnes, les niveaux et preuves de ${name} ne peuvent donc pas être ouverts`,
  ratingsNotShared: ({ name }) => `${name} n’a pas partagé ses auto-évaluations avec son évaluateur : vous pourrez les ouvrir quand cette personne l’aura fait`,
  reportNoReviewer: () => 'Vous n’avez pas encore d’évaluateur avec qui partager votre rapport : les RH en désignent un',
  reportNotShared: ({ name }) => `${name} ne vous a pas partagé ce rapport : seule cette personne peut le faire, depuis son rapport`,
  noReviewerToShare: () => 'Vous n’avez pas encore d’évaluateur avec qui partager vos évaluations : les RH en désignent un',
  sharingOff: () => 'Votre établissement n’utilise pas le partage : qui voit vos évaluations est fixé pour tous, comme l’indique cette page',
  newerSelfRating: () => 'Une autoévaluation plus récente a remplacé celle-ci : rechargez la page et validez la nouvelle',
  notFound: ({ thing, id }) => {
    const { name, feminine, place } = MISSING_THING_WORDS[thing]
    if (id === undefined) return `Il n’y a pas de ${feminine ? 'telle' : 'tel'} ${name}${place}`
    return `Il n’y a pas ${elided('de', name)} ${typeof id === 'string' ? `« ${shownId(id)} »` : id}${place}`
  },
  noFramework: () => 'Votre établissement n’a pas de référentiel',
  linkNotFound: ({ code, competencyId }) => `La formation ${code} n’a pas de lien avec la compétence ${competencyId}`,
  reportNotFound: ({ view }) => `Il n’y a pas de rapport « ${shownId(view)} » : choisissez participation, répartition ou tendance`,
  rerateNeedsCompletion: () => 'Seule une formation terminée mène à une réévaluation',
  levelOffScale: ({ level, levels }) => `Le niveau ${level} n’est pas sur l’échelle de ce référentiel (${levels.join(', ')})`,
  validatedLevelMissing: () => 'Choisissez un niveau validé',
  targetLevelMissing: () => 'Choisissez un niveau cible',
  reviewCommentTooLong: ({ max }) => `Le commentaire doit faire moins de ${max} caractères`,
  activityStatusMissing: () => 'Choisissez un statut : prévue, en cours ou terminée',
  sharingChoiceMissing: () => 'Choisissez de partager vos évaluations ou de cesser de les partager',
  staffFiltersInvalid: () => 'Les filtres du personnel ne sont pas valides : choisissez-les dans le formulaire',
  suppressionSettingsInvalid: () => 'K doit être un nombre entier de 3 à 50, et la durée avant réévaluation de 1 à 120 mois',
  timeZoneInvalid: ({ timeZone }) => `« ${timeZone} » n’est pas un fuseau horaire connu : choisissez-en un dans la liste, par exemple Africa/Nairobi`,
  ratingVisibilityInvalid: () => 'Choisissez qui voit les auto-évaluations : totaux seulement, ce que chacun partage, ou tout',
  operatorOnlyByOperator: () => 'Seul un opérateur de la plateforme peut créer un autre opérateur',
  frameworkVersionConflict: ({ conflict, slug, version }) => admin.versionConflicts[conflict](slug, version),
  caseChangedSincePreview: ({ slug }) => `Le ${slug} du serveur CASE a changé depuis que vous avez vu ses changements : rien n’a été chargé ; regardez de nouveau, puis chargez-le`,
  evidenceEmpty: () => 'Choisissez un fichier à déposer : celui envoyé était vide',
  evidenceTypeRefused: ({ name }) => `« ${name} » n’est pas un type de fichier accepté comme preuve, quoi qu’en dise son nom : déposez un PDF, une image (PNG, JPEG, GIF, WebP) ou un fichier Word, Excel, PowerPoint ou OpenDocument`,
  evidenceArchiveRefused: ({ name }) => `« ${name} » ressemble à un document bureautique, mais il est endommagé ou se décompresse en bien plus que sa taille : ouvrez-le et enregistrez-le de nouveau`,
  evidenceMacros: ({ name }) => `« ${name} » contient des macros : enregistrez-le en document sans macros (.docx, .xlsx ou .pptx) et déposez celui-ci`,
  evidenceQuotaFull: ({ limit }) => `Vos fichiers de preuve dépasseraient ${limit} : supprimez ceux qu’aucune évaluation ne cite, ou donnez un lien vers les gros fichiers`,
  evidenceFileUnknown: ({ id }) => `Vous n’avez pas de fichier de preuve ${id} : choisissez dans votre bibliothèque de preuves`,
  evidenceTooManyFiles: ({ max }) => `Une évaluation cite au plus ${max} fichiers`,
  evidenceCited: ({ name }) => `« ${name} » est cité par une évaluation : il est conservé avec l’historique de celle-ci`,
  reviewsOff: () => 'Votre établissement réserve les auto-évaluations à chaque personne : personne ne les examine ; adressez-vous aux RH si vous avez besoin d’un examen',
  reviewNothingChosen: () => 'Choisissez au moins une évaluation à faire examiner',
  reviewNotRated: ({ code }) => `Évaluez ${code} avant d’en demander l’examen`,
  reviewAlreadyAsked: ({ codes }) => `Un examen de ${codes} est déjà en attente : rien de nouveau n’a été demandé`,
  reviewDecided: () => 'Cet examen a déjà été tranché',
  completionNotConfirmable: () => 'Seul un programme du catalogue que la personne a terminé, et dont elle a demandé la confirmation, peut être confirmé',
  credentialReasonTooLong: ({ max }) => `Dites pourquoi en ${max} caractères au plus`,
  credentialLevelOffScale: ({ code, levels }) => `Le niveau pour ${code} doit être l’un de ${levels}`,
  emailDomainServedElsewhere: ({ domain }) => `${domain} relève de la connexion d’un autre établissement : un domaine de messagerie appartient à un seul établissement`,
  providerOwnInstitution: () => 'Les RH configurent la connexion de leur seul établissement : omettez institutionId',
  passwordsNeedProvider: () => 'Les mots de passe restent permis tant que l’établissement n’a pas de fournisseur de connexion : ajoutez-en un d’abord, et gardez-en un tant que les mots de passe sont désactivés',
  scimTokenLabelInvalid: ({ max }) => `Nommez le jeton (${max} caractères au plus), par exemple d’après l’annuaire qui l’utilisera`,
  providerInstitutionMissing: () => 'Indiquez l’établissement que le fournisseur sert (institutionId) : GET /api/v1/institutions les liste',
  samlMetadataMissing: () => 'Donnez les métadonnées SAML du fournisseur d’identité : leur adresse, ou le fichier lui-même',
  samlMetadataUnreachable: ({ url, why }) => `Les métadonnées SAML n’ont pas pu être lues à ${url}${why === '' ? '' : ` (${why})`} : vérifiez l’adresse, ou collez le fichier lui-même`,
  samlMetadataUnusable: ({ fault, detail }) => METADATA_FAULTS_FR[fault](detail),
  providerFieldOfOtherKind: ({ field, kind }) => `${field} ne s’applique pas à un fournisseur ${kind === 'saml' ? 'SAML' : 'OpenID Connect'}`,
  reviewCommentRequired: () => 'Dites quelle preuve manque, pour que la personne sache quoi ajouter',
  reviewReminderDaysInvalid: () => 'Les rappels d’examen partent après 1 à 90 jours : donnez un nombre entier',
  reviewMessageTooLong: ({ max }) => `Votre message doit faire moins de ${max} caractères`,
  uploadTooLarge: ({ limit }) => `Le fichier est trop volumineux : ce formulaire accepte des fichiers de ${limit} au plus`,
  uploadTooMany: () => 'Le formulaire a envoyé plus de fichiers ou de champs qu’il n’en accepte',
  uploadUnreadable: () => 'Le formulaire n’a pas pu être lu : il a été interrompu ou n’est pas un formulaire multipart bien formé. Envoyez-le de nouveau',
  frameworkUseUnknown: ({ frameworkId }) => `Il n’existe pas de référentiel ${frameworkId} : choisissez-en un dans la liste des référentiels chargés`,
  frameworkUseTwice: ({ frameworkId }) => `Le référentiel ${frameworkId} figure deux fois : indiquez chaque référentiel une seule fois`,
  frameworkUseTwoVersions: ({ slug }) => `Deux versions de ${shownId(slug)} sont indiquées : un établissement utilise une seule version d’un référentiel à la fois (l’opérateur de la plateforme le fait passer à une nouvelle version)`,
  frameworkUsePrimaryMissing: ({ frameworkId }) => `Le référentiel ${frameworkId} est le référentiel principal de l’établissement (les profils de poste de son personnel en relèvent) : il reste utilisé`,
  frameworkUsePurposeTooLong: ({ max }) => `Chaque objectif doit faire moins de ${max} caractères`,
  frameworkUseTooMany: ({ max }) => `Un établissement utilise au plus ${max} référentiels`,
  frameworkUseAudienceUnknown: ({ code }) => `Il n’existe pas de profil de poste « ${shownId(code)} » dans votre établissement : choisissez le public parmi vos profils de poste`,
  frameworkNotInUse: ({ frameworkId }) => `Votre établissement n’utilise pas le référentiel ${frameworkId} : choisissez l’un de ceux qu’il utilise`,
  frameworkUseInstitutionMissing: () => 'Indiquez l’établissement (?institution=<id>) : les opérateurs de la plateforme agissent sur tout établissement',
  frameworkUseTextBroken: ({ frameworkId }) => `L’objectif ou le public du référentiel ${frameworkId} n’est pas un texte valide (il contient une moitié de paire de substitution UTF-16)`,
  frameworkNotForSubject: ({ frameworkId }) => `Votre établissement n’utilise pas le référentiel ${frameworkId} pour évaluer une unité ou l’établissement : choisissez l’une de ses évaluations d’établissement`,
  assessmentNotOnPanel: () => 'Seuls les RH et le comité désigné par les RH enregistrent des niveaux dans cette évaluation',
  assessmentResultsPrivate: () => 'Votre établissement ne montre les résultats de cette évaluation qu’aux RH et à son comité',
  assessmentUnitRequired: () => 'Choisissez l’unité (département) sur laquelle porte ce jugement',
  assessmentUnitNotAsked: () => 'Ce référentiel évalue l’établissement dans son ensemble : n’indiquez pas d’unité',
  assessmentLevelMissing: () => 'Choisissez un niveau pour ce domaine de mesure',
  assessmentTextTooLong: ({ max }) => `Limitez les preuves et le commentaire à ${max} caractères chacun`,
  resultsVisibilityInvalid: () => 'Choisissez qui lit les résultats : les RH et le comité, ou tout le personnel',
  panelTooLarge: ({ max }) => `Un comité compte au plus ${max} membres`,
  roundCloseBeforeOpen: () => 'La date de clôture doit suivre la date d’ouverture',
  roundClosesInPast: () => 'La date de clôture est passée : choisissez-en une plus tardive',
  roundNobodyInScope: () => 'Personne d’actif dans ces départements et profils de fonction : élargissez le périmètre',
  roundNotOpen: () => 'Les rappels ne partent que pendant que la campagne est ouverte',
}

/** Each thing a request may name that is not there: its name after « de », its gender, and where the reader looked. */
const MISSING_THING_WORDS: Readonly<Record<MissingThing, { name: string; feminine: boolean; place: string }>> = {
  person: { name: 'membre du personnel', feminine: false, place: ' dans votre établissement' },
  department: { name: 'département', feminine: false, place: ' dans votre établissement' },
  roleProfile: { name: 'profil de fonction', feminine: false, place: ' dans votre établissement' },
  rating: { name: 'évaluation', feminine: true, place: ' dans votre établissement' },
  selfRating: { name: 'auto-évaluation', feminine: true, place: ' dans votre établissement' },
  programme: { name: 'formation', feminine: true, place: '' },
  framework: { name: 'référentiel', feminine: false, place: '' },
  institution: { name: 'établissement', feminine: false, place: '' },
  activity: { name: 'activité', feminine: true, place: ' dans votre journal' },
  competency: { name: 'compétence', feminine: true, place: ' dans votre référentiel' },
  domain: { name: 'domaine', feminine: false, place: ' dans votre référentiel' },
  round: { name: 'campagne d’évaluation', feminine: true, place: ' dans votre établissement' },
  evidence: { name: 'fichier de preuve', feminine: false, place: ' que vous puissiez ouvrir' },
  review: { name: 'examen', feminine: false, place: ' à trancher par vous' },
  credential: { name: 'certificat numérique', feminine: false, place: ' délivré par votre établissement' },
  identityProvider: { name: 'fournisseur de connexion', feminine: false, place: ' pour votre établissement' },
  scimToken: { name: 'jeton de provisionnement', feminine: false, place: ' de votre établissement' },
  scimGroup: { name: 'groupe d’annuaire', feminine: false, place: ' de votre établissement' },
}

/** A role's name from its code, as the staff pages say it (the API's English message keeps the codes). */
function roleName(code: string): string {
  return staff.roles[code] ?? code
}

function roleNames(codes: string): string {
  // Tolerant of a missing list: a sample call (test/domain/messages.test.ts) may give none.
  return !codes ? '—' : codes.split(', ').map(roleName).join(', ')
}

/** What is wrong with an IdP's SAML metadata. */
const METADATA_FAULTS_FR: Readonly<Record<MetadataFault, (detail: string) => string>> = {
  notXml: (detail) => `Les métadonnées SAML ne sont pas du XML bien formé dans l’espace de noms des métadonnées${detail === '' ? '' : ` (${detail})`}`,
  doctype: () => 'Les métadonnées SAML contiennent un DOCTYPE, qui est refusé : des métadonnées n’en ont pas besoin',
  noIdp: () => 'Les métadonnées ne décrivent aucun fournisseur d’identité SAML 2.0 (pas d’IDPSSODescriptor)',
  severalIdps: (count) => `Les métadonnées listent ${count} fournisseurs d’identité : indiquez lequel par son entity ID`,
  entityNotFound: (entityId) => `Les métadonnées n’ont aucun fournisseur d’identité d’entity ID ${entityId}`,
  noRedirectSso: () => 'Le fournisseur d’identité n’offre pas de service d’authentification unique avec la liaison HTTP-Redirect',
  ssoNotHttps: (url) => `L’adresse de connexion du fournisseur d’identité doit commencer par https:// (${url})`,
  noCertificate: () => 'Les métadonnées ne donnent aucun certificat de signature du fournisseur d’identité : ses assertions ne pourraient pas être vérifiées',
  badCertificate: () => 'Un certificat des métadonnées n’est pas un certificat X.509 lisible',
}
