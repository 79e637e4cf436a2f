import type { Messages } from './en.js';
import { frWords } from './fr-words.js';
import { otherLanguageNames } from './languages.js';

/** French, vous. A space before ? ! : as French writes them (a plain space: chat apps wrap the line anyway). */
export const fr: Messages = {
  locale: 'fr-FR',
  dateFormat: "EEEE d MMMM yyyy 'à' HH'h'mm",
  welcome: () =>
    `Bonjour ! Je suis l'assistant virtuel pour votre arrivée. En quelques étapes, vous recevrez votre code d'accès.\n\nQuel est votre numéro de réservation ? Il figure dans votre e-mail de confirmation.\n\n🌐 ${otherLanguageNames('fr')} : écrivez LANGUE.`,
  askRef: () => "Quel est votre numéro de réservation ? Il figure dans votre e-mail de confirmation (par exemple AB1234).",
  refEmpty: () => "Je n'ai pas compris. Veuillez saisir votre numéro de réservation (par exemple AB1234).",
  refTooLong: () => "C'est trop long pour un numéro de réservation. Veuillez saisir uniquement le numéro, par exemple AB1234.",
  refFormat: () =>
    "Cela ne ressemble pas à un numéro de réservation : il ne contient que des lettres et des chiffres, par exemple AB1234. Veuillez réessayer.",
  refNotFound: (ref) => `Je ne trouve aucune réservation avec le numéro ${ref}. Veuillez vérifier votre e-mail de confirmation et réessayer.`,
  refGivingUp: () => "J'ai demandé à l'équipe de vous aider ; quelqu'un vous répondra ici sous peu.",
  lookupsPaused: () =>
    "Je ne peux pas rechercher d'autres réservations pour le moment. J'ai demandé à l'équipe de vous aider ; quelqu'un vous répondra ici sous peu.",
  lookupsResumed: () => 'Vous pouvez de nouveau saisir votre numéro de réservation.',
  detailsCheckedAgain: () => 'Si vous avez fait une faute de frappe dans vos informations, vous pouvez la corriger maintenant : répondez MODIFIER.',
  bookingCancelled: (ref, contactPhone) =>
    `La réservation ${ref} a été annulée, je ne peux donc pas vous enregistrer. J'ai prévenu l'équipe ; si vous pensez qu'il s'agit d'une erreur, appelez le ${contactPhone}.`,
  claimedElsewhere: (ref, contactPhone) =>
    `L'arrivée pour la réservation ${ref} a déjà été enregistrée depuis une autre conversation. Pour votre sécurité, je ne peux pas continuer ici. J'ai prévenu l'équipe, qui vous contactera ; vous pouvez aussi appeler le ${contactPhone}.`,
  blocked: (contactPhone) =>
    `L'équipe examine cette réservation et vous répondra ici.${contactPhone ? ` Vous pouvez aussi appeler le ${contactPhone}.` : ''} Écrivez RECOMMENCER pour utiliser un autre numéro de réservation.`,
  refAccepted: () => 'Merci. Quel est le nom complet indiqué sur la réservation ?',
  reassigned: () => "L'équipe s'occupe désormais de cette réservation et vous contactera ici.",
  bookingFreed: () => "Bonne nouvelle : l'équipe a réglé le problème de votre réservation, nous pouvons continuer.",
  askName: () => 'Quel est le nom complet indiqué sur la réservation ?',
  nameEmpty: () => "Je n'ai pas compris. Quel est le nom complet indiqué sur la réservation ?",
  nameInvalid: () => 'Veuillez écrire votre nom uniquement avec des lettres, par exemple Marie Dupont.',
  nameTooLong: () => "C'est trop long pour un nom. Veuillez écrire votre prénom et votre nom.",
  askPhone: (known) =>
    known
      ? `Le ${known} est-il le meilleur numéro pour vous joindre pendant votre séjour ? Répondez OUI, ou écrivez un autre numéro.`
      : "Quel est le meilleur numéro de portable pour vous joindre pendant votre séjour ? Indiquez l'indicatif du pays, par exemple +33 6 12 34 56 78.",
  phoneInvalid: () => "Cela ne ressemble pas à un numéro de téléphone. Veuillez l'écrire avec l'indicatif du pays, par exemple +33 6 12 34 56 78.",
  phoneNeedsCountry: () => "Veuillez ajouter l'indicatif du pays au numéro, par exemple +33 6 12 34 56 78.",
  phoneEmpty: () => "Je n'ai pas compris. Quel est le meilleur numéro de portable pour vous joindre ?",
  askEmail: () => 'Quelle est votre adresse e-mail ?',
  emailInvalid: () => 'Cela ne ressemble pas à une adresse e-mail. Veuillez la vérifier et réessayer, par exemple marie@example.com.',
  emailEmpty: () => "Je n'ai pas compris. Quelle est votre adresse e-mail ?",
  tooLong: () => 'Ce message est trop long. Veuillez envoyer uniquement la réponse.',
  askCar: (settingUp) =>
    `${settingUp ? "Merci, votre code d'accès est en cours de création." : 'Merci.'}\n\nViendrez-vous en voiture ? Écrivez l'immatriculation (par exemple AB-123-CD), ou PAS DE VOITURE si ce n'est pas le cas.`,
  askCarAgain: () => "Quelle est l'immatriculation de la voiture ? Écrivez PAS DE VOITURE si vous ne venez pas en voiture.",
  carInvalid: () =>
    "Cela ne ressemble pas à une immatriculation. Veuillez n'utiliser que des lettres et des chiffres (par exemple AB-123-CD), ou écrivez PAS DE VOITURE.",
  summary: (s) =>
    [
      'Veuillez vérifier vos informations :',
      ...(s.stay
        ? [`Réservation : ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Arrivée : ${s.stay.checkInLabel}`, `Départ : ${s.stay.checkOutLabel}`]
        : [`Réservation : ${s.ref}`]),
      `Nom : ${s.name}`,
      `Téléphone : ${s.phone}`,
      `E-mail : ${s.email}`,
      `Voiture : ${s.car ?? 'pas de voiture'}`,
      '',
      'Répondez OUI pour confirmer, ou MODIFIER pour changer quelque chose.',
    ].join('\n'),
  confirmPrompt: () => 'Répondez OUI pour confirmer vos informations, ou MODIFIER pour changer quelque chose.',
  askWhichField: () => 'Que souhaitez-vous modifier ? Répondez NOM, TÉLÉPHONE, E-MAIL ou VOITURE.',
  fieldPrompt: (field) =>
    ({
      name: 'Quel est le nom complet indiqué sur la réservation ?',
      phone: "Quel est le meilleur numéro de portable pour vous joindre ? Indiquez l'indicatif du pays.",
      email: 'Quelle est votre adresse e-mail ?',
      car: "Quelle est l'immatriculation de la voiture ? Écrivez PAS DE VOITURE si vous ne venez pas en voiture.",
    })[field],
  pin: (p) =>
    [
      `Votre code d'accès est ${p.code}`,
      '',
      `Il ouvre la porte d'entrée de ${p.propertyName} et celle de ${p.roomName}.`,
      `Arrivée : ${p.checkInLabel}`,
      `Départ : ${p.checkOutLabel}`,
      'Tapez le code sur le clavier, puis appuyez sur #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      "Répondez PIN à tout moment pour le revoir, ou NE MARCHE PAS si le code n'ouvre pas la porte. Bon séjour !",
    ].join('\n'),
  pinRedacted: '[code masqué]',
  pinComing: () => "Votre arrivée est enregistrée. Votre code d'accès est presque prêt : je vous l'envoie ici dans un instant.",
  pinDelayed: (contactPhone) =>
    `La création de votre code d'accès prend plus de temps que d'habitude. L'équipe a été prévenue et fera le nécessaire pour que vous puissiez entrer ; elle vous répondra ici, ou appelez le ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `Je n'ai pas pu créer votre code d'accès automatiquement. L'équipe a été prévenue et va régler le problème ; elle vous répondra ici, ou appelez le ${contactPhone}.`,
  pinHeld: () => "Merci ! Un membre de l'équipe doit vérifier vos informations avant de vous envoyer votre code d'accès. Il vous répondra ici sous peu.",
  pinNotYet: () => "Votre code d'accès n'est pas encore prêt. Je vous l'enverrai ici dès qu'il le sera.",
  alreadyConfirmed: () => "Votre arrivée est déjà enregistrée. Répondez PIN pour revoir votre code d'accès, ou AIDE pour voir les options.",
  done: (roomName) =>
    `Votre arrivée pour ${roomName} est enregistrée. Répondez PIN pour revoir votre code d'accès, HUMAIN pour joindre l'équipe, ou AIDE pour voir les options. Vous pouvez aussi me poser vos questions sur le Wi-Fi, le stationnement, le départ ou l'adresse ; si le code ne fonctionne pas, répondez NE MARCHE PAS.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Bienvenue ! Votre code d'accès vous a bien ouvert la porte ; vous séjournez dans ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi : ${wifi.network}`, ...(wifi.password ? [`Mot de passe : ${wifi.password}`] : [])] : []),
      '',
      "Répondez HUMAIN si vous avez besoin de l'équipe. Bon séjour !",
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Bonjour ! Petit rappel : le départ de ${roomName} est prévu aujourd'hui à ${checkOutTime}. Merci de votre séjour et bon voyage !`,
  updated: () => 'Modification enregistrée.',
  codeHowTo: () =>
    [
      'Désolé pour ce souci ! Sur le clavier :',
      "1. Touchez le clavier avec la paume de la main pour le réveiller (les chiffres s'allument).",
      '2. Tapez votre code.',
      '3. Appuyez sur # (ou sur la touche 🔒) à la fin.',
      "En cas d'erreur, attendez que la lumière s'éteigne et recommencez.",
    ].join('\n'),
  codeNotYetValid: (from) => `Votre code fonctionne à partir du ${from}. D'ici là, la porte ne s'ouvrira pas avec ce code ; merci de réessayer à partir de cette heure.`,
  codeChecking: () => 'Je vérifie aussi votre code sur les serrures en ce moment et je vous réponds ici dans un instant.',
  codeCheckedOk: () =>
    "J'ai vérifié : votre code est bien enregistré sur les deux serrures et actif. Le voici à nouveau. S'il ne fonctionne toujours pas, répondez NE MARCHE PAS et je ferai venir quelqu'un pour vous aider.",
  codeReadded: (where) =>
    `J'ai vérifié : votre code manquait sur ${where}, je l'ai donc remis. Le voici à nouveau ; merci de réessayer. S'il ne fonctionne toujours pas, répondez NE MARCHE PAS.`,
  codeCheckBusy: () =>
    "Votre code est en cours de mise à jour sur les serrures ; je vous l'envoie ici dès qu'il est prêt. S'il ne fonctionne toujours pas ensuite, répondez NE MARCHE PAS.",
  codeCheckFailed: (contactPhone) =>
    `Je n'ai pas pu vérifier votre code sur les serrures, j'ai donc demandé en urgence à l'équipe de vous aider à entrer. Elle vous répondra ici ; vous pouvez aussi appeler dès maintenant le ${contactPhone}.`,
  codeEscalated: (contactPhone) =>
    `Je suis désolé. J'ai prévenu l'équipe en urgence : quelqu'un va vous aider à entrer et vous répondra ici. Vous pouvez aussi appeler dès maintenant le ${contactPhone}.`,
  frontDoor: "la porte d'entrée",
  wifiInfo: (network, password) => `Réseau Wi-Fi : ${network}\n${password ? `Mot de passe : ${password}` : "Aucun mot de passe n'est nécessaire."}`,
  parkingInfo: (text) => `Stationnement : ${text}`,
  checkOutInfo: (when) => `Le départ est prévu au plus tard le ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`L'adresse est : ${address}`] : []), ...(mapUrl ? [`Plan : ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Règlement intérieur :\n${text}`,
  infoMissing: (topic) =>
    `Je n'ai pas ${({ wifi: 'les informations Wi-Fi', parking: "d'informations sur le stationnement", address: "l'adresse", houseRules: 'le règlement intérieur' })[topic]} ici, j'ai donc transmis votre question à l'équipe. Elle vous répondra ici.`,
  questionForwarded: () => "J'ai transmis votre message à l'équipe ; elle vous répondra ici très bientôt.",
  youreWelcome: () => 'Je vous en prie ! Écrivez-moi ici si vous avez besoin de quoi que ce soit.',
  infoHuman: () => "Ce n'est pas ce que vous demandiez ? Écrivez HUMAIN et l'équipe vous répondra.",
  infoForwarded: () => "J'ai aussi transmis votre message à l'équipe ; elle vous répondra ici.",
  codeEnded: (until) =>
    `${until ? `Votre séjour est terminé : votre code d'accès fonctionnait jusqu'à ${until}, il n'ouvre donc plus la porte.` : "Vous nous avez dit être parti, votre code d'accès est donc en cours de désactivation."} Si vous devez encore entrer (un objet oublié, par exemple), écrivez HUMAIN et l'équipe vous aidera.`,
  phoneUnlisted: () => "Je ne peux pas confirmer ce numéro ; il contient peut-être une erreur. Merci de le vérifier et, s'il est correct, de renvoyer le même numéro.",
  stuck: () => "Désolé, j'ai du mal avec cette réponse. J'ai prévenu l'équipe : tapez HUMAIN pour parler à une personne, ou réessayez une fois.",
  botError: () =>
    "Désolé, un problème est survenu de mon côté et je n'ai pas pu lire votre dernier message. L'équipe a été prévenue. Veuillez le renvoyer, ou écrivez HUMAIN.",
  fromStaff: (text, team) => `${text}\n\n- ${team ? `L'équipe de ${team}` : "L'équipe"}`,
  editLater: () =>
    "Terminons d'abord les questions ; vous pourrez modifier chaque information dans le récapitulatif à la fin. Écrivez RETOUR pour revenir à la question précédente.",
  help: () =>
    [
      "J'enregistre votre arrivée et vous envoie votre code d'accès. Vous pouvez écrire :",
      'AIDE - ce message',
      'RETOUR - revenir à la question précédente',
      'MODIFIER - changer une information',
      "PIN - revoir votre code d'accès (après l'enregistrement)",
      'HUMAIN - parler à une personne',
      'RECOMMENCER - tout reprendre depuis le début',
      'LANGUE - changer de langue',
    ].join('\n'),
  chooseLanguage: () => 'Dans quelle langue souhaitez-vous que je vous écrive ?',
  languageChanged: () => 'Très bien, je vous écris désormais en français.',
  humanRequested: () => "J'ai demandé à l'équipe de prendre le relais ; quelqu'un vous répondra ici sous peu. En attendant, vous pouvez continuer avec moi.",
  restarted: () => "D'accord, reprenons depuis le début.",
  cannotGoBack: () => 'Nous sommes déjà à la première question.',
  pleaseType: () => 'Je ne peux lire ici que des messages écrits. Veuillez écrire votre réponse.',
  tooFast: () => 'Vous envoyez des messages plus vite que je ne peux les lire. Veuillez patienter une minute, puis renvoyer votre réponse.',
  departure: {
    confirm: () => "Votre code d'accès cessera de fonctionner dans 15 minutes. Avez-vous quitté le logement ? Répondez OUI ou NON.",
    started: () => "Merci ! Je désactive votre code d'accès maintenant et je vous le confirme ici dans un instant.",
    kept: (checkOut) => `Pas de souci, rien ne change : votre code d'accès fonctionne jusqu'au ${checkOut}.`,
    done: (time) => `C'est fait : votre code d'accès cesse de fonctionner à ${time}. Merci pour votre séjour, et bon voyage !`,
    failed: (contactPhone) =>
      `Je n'ai pas pu désactiver votre code d'accès automatiquement. L'équipe a été prévenue et va s'en occuper ; elle vous répondra ici, ou appelez le ${contactPhone}.`,
    tooEarly: (checkIn) => `Votre séjour n'a pas encore commencé : l'arrivée est prévue le ${checkIn}. Si vos plans ont changé, écrivez HUMAIN pour joindre l'équipe.`,
    alreadyEnding: (checkOut) =>
      `Votre code d'accès ne fonctionne de toute façon que jusqu'au ${checkOut} : il n'y a rien à changer. Merci pour votre séjour, et bon voyage !`,
    noted: () => "Merci de nous avoir prévenus ! J'ai transmis l'information à l'équipe. Bon voyage !",
  },
  buttons: {
    confirm: 'Confirmer',
    edit: 'Modifier',
    no_car: 'Pas de voiture',
    use_known_phone: (phone) => `Utiliser le ${phone}`,
    left_yes: "Oui, j'ai quitté les lieux",
    left_no: 'Non, pas encore',
    edit_name: 'Nom',
    edit_phone: 'Téléphone',
    edit_email: 'E-mail',
    edit_car: 'Voiture',
    resend_pin: 'Voir mon code',
    code_trouble: 'Le code ne marche pas',
    language: '🌐 Langue',
  },
  words: frWords,
  whatsapp: {
    typed: {
      confirm: ['OUI', 'CONFIRMER'],
      edit: ['MODIFIER'],
      no_car: ['PAS DE VOITURE'],
      use_known_phone: ['OUI'],
      left_yes: ['OUI'],
      left_no: ['NON'],
      edit_name: ['NOM'],
      edit_phone: ['TÉLÉPHONE'],
      edit_email: ['E-MAIL'],
      edit_car: ['VOITURE'],
      resend_pin: ['PIN'],
      code_trouble: ['NE MARCHE PAS'],
      human: ['HUMAIN'],
      language: ['LANGUE'],
    },
    numberedHint: (labels) => `Répondez ${labels.map((l, i) => `${i + 1} pour ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Partager mon numéro de téléphone',
    contactPlaceholder: 'Ou saisissez votre numéro, ex. +33 6 12 34 56 78',
    staleButton: "Ce bouton n'est plus actif. Utilisez le dernier message, ou écrivez votre réponse.",
    groupNote:
      "Bonjour ! J'enregistre les voyageurs un par un, dans une conversation privée : je ne réponds donc pas dans les groupes. Ouvrez une conversation directement avec moi (touchez mon nom, puis Démarrer).",
    commands: {
      start: 'Enregistrer mon arrivée (commencer ou reprendre)',
      pin: "Revoir mon code d'accès",
      help: 'Ce que je peux faire',
      human: 'Parler à une personne',
      restart: 'Recommencer avec une autre réservation',
      lang: 'Changer de langue',
    },
  },
};
