import type { Messages } from './en.js';
import { nlWords } from './nl-words.js';
import { otherLanguageNames } from './languages.js';

/** Dutch, u: the form Dutch and Flemish hospitality writes in. */
export const nl: Messages = {
  locale: 'nl-NL',
  dateFormat: "EEEE d MMMM yyyy, HH:mm 'uur'",
  welcome: () =>
    `Hallo! Ik ben de incheckassistent. In een paar stappen krijgt u uw deurcode.\n\nWat is uw boekingsnummer? Dat staat in uw bevestigingsmail.\n\n🌐 ${otherLanguageNames('nl')}: typ TAAL.`,
  askRef: () => 'Wat is uw boekingsnummer? Dat staat in uw bevestigingsmail (bijvoorbeeld AB1234).',
  refEmpty: () => 'Dat heb ik niet begrepen. Typ uw boekingsnummer (bijvoorbeeld AB1234).',
  refTooLong: () => 'Dat is te lang voor een boekingsnummer. Typ alleen het nummer, bijvoorbeeld AB1234.',
  refFormat: () => 'Dat lijkt geen boekingsnummer: het bestaat alleen uit letters en cijfers, bijvoorbeeld AB1234. Probeer het opnieuw.',
  refNotFound: (ref) => `Ik kan geen boeking vinden met nummer ${ref}. Controleer uw bevestigingsmail en probeer het opnieuw.`,
  refGivingUp: () => 'Ik heb het team gevraagd u te helpen; er reageert hier binnenkort iemand.',
  lookupsPaused: () => 'Ik kan op dit moment geen boekingsnummers meer opzoeken. Ik heb het team gevraagd u te helpen; er reageert hier binnenkort iemand.',
  lookupsResumed: () => 'U kunt uw boekingsnummer nu weer typen.',
  detailsCheckedAgain: () => 'Hebt u een gegeven verkeerd getypt? Dan kunt u het nu verbeteren: antwoord WIJZIGEN.',
  bookingCancelled: (ref, contactPhone) =>
    `Boeking ${ref} is geannuleerd, dus ik kan u niet inchecken. Ik heb het team ingelicht; bel ${contactPhone} als u denkt dat dit een vergissing is.`,
  claimedElsewhere: (ref, contactPhone) =>
    `Voor boeking ${ref} is al ingecheckt vanuit een ander gesprek. Voor uw veiligheid kan ik hier niet verdergaan. Ik heb het team ingelicht en zij nemen contact met u op; u kunt ook ${contactPhone} bellen.`,
  blocked: (contactPhone) =>
    `Het team bekijkt deze boeking en reageert hier.${contactPhone ? ` U kunt ook ${contactPhone} bellen.` : ''} Typ OPNIEUW om een ander boekingsnummer te gebruiken.`,
  refAccepted: () => 'Dank u. Wat is de volledige naam op de boeking?',
  reassigned: () => 'Het team handelt deze boeking nu af en neemt hier contact met u op.',
  bookingFreed: () => 'Goed nieuws: het team heeft uw boeking in orde gemaakt, dus we kunnen verder.',
  askName: () => 'Wat is de volledige naam op de boeking?',
  nameEmpty: () => 'Dat heb ik niet begrepen. Wat is de volledige naam op de boeking?',
  nameInvalid: () => 'Typ uw naam alleen met letters, bijvoorbeeld Anna de Vries.',
  nameTooLong: () => 'Dat is te lang voor een naam. Typ uw voor- en achternaam.',
  askPhone: (known) =>
    known
      ? `Bent u tijdens uw verblijf het best bereikbaar op ${known}? Antwoord JA, of typ een ander nummer.`
      : 'Op welk mobiel nummer bent u tijdens uw verblijf het best bereikbaar? Vermeld de landcode, bijvoorbeeld +31 6 12345678.',
  phoneInvalid: () => 'Dat lijkt geen telefoonnummer. Typ het met de landcode, bijvoorbeeld +31 6 12345678.',
  phoneNeedsCountry: () => 'Zet de landcode voor het nummer, bijvoorbeeld +31 6 12345678.',
  phoneEmpty: () => 'Dat heb ik niet begrepen. Op welk mobiel nummer bent u het best bereikbaar?',
  askEmail: () => 'Wat is uw e-mailadres?',
  emailInvalid: () => 'Dat lijkt geen e-mailadres. Controleer het en probeer het opnieuw, bijvoorbeeld anna@example.com.',
  emailEmpty: () => 'Dat heb ik niet begrepen. Wat is uw e-mailadres?',
  tooLong: () => 'Dat bericht is te lang. Stuur alleen het antwoord.',
  askCar: (settingUp) =>
    `${settingUp ? 'Dank u, uw deurcode wordt nu aangemaakt.' : 'Dank u.'}\n\nKomt u met de auto? Typ het kenteken (bijvoorbeeld AB-123-C), of GEEN AUTO als u niet met de auto komt.`,
  askCarAgain: () => 'Wat is het kenteken van de auto? Typ GEEN AUTO als u niet met de auto komt.',
  carInvalid: () => 'Dat lijkt geen kenteken. Typ alleen letters en cijfers (bijvoorbeeld AB-123-C), of GEEN AUTO.',
  summary: (s) =>
    [
      'Controleer uw gegevens:',
      ...(s.stay ? [`Boeking: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Aankomst: ${s.stay.checkInLabel}`, `Vertrek: ${s.stay.checkOutLabel}`] : [`Boeking: ${s.ref}`]),
      `Naam: ${s.name}`,
      `Telefoon: ${s.phone}`,
      `E-mail: ${s.email}`,
      `Auto: ${s.car ?? 'geen auto'}`,
      '',
      'Antwoord JA om te bevestigen, of WIJZIGEN om iets aan te passen.',
    ].join('\n'),
  confirmPrompt: () => 'Antwoord JA om uw gegevens te bevestigen, of WIJZIGEN om iets aan te passen.',
  askWhichField: () => 'Wat wilt u wijzigen? Antwoord NAAM, TELEFOON, E-MAIL of AUTO.',
  fieldPrompt: (field) =>
    ({
      name: 'Wat is de volledige naam op de boeking?',
      phone: 'Op welk mobiel nummer bent u het best bereikbaar? Vermeld de landcode.',
      email: 'Wat is uw e-mailadres?',
      car: 'Wat is het kenteken van de auto? Typ GEEN AUTO als u niet met de auto komt.',
    })[field],
  pin: (p) =>
    [
      `Uw deurcode is ${p.code}`,
      '',
      `Hiermee opent u de voordeur van ${p.propertyName} en ${p.roomName}.`,
      `Aankomst: ${p.checkInLabel}`,
      `Vertrek: ${p.checkOutLabel}`,
      'Typ de code op het toetsenpaneel en druk daarna op #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Antwoord op elk moment PIN om hem opnieuw te zien, of WERKT NIET als de code de deur niet opent. Een fijn verblijf!',
    ].join('\n'),
  pinRedacted: '[deurcode verborgen]',
  pinComing: () => 'U bent ingecheckt. Uw deurcode is bijna klaar: ik stuur hem zo hierheen.',
  pinDelayed: (contactPhone) =>
    `Het aanmaken van uw deurcode duurt langer dan normaal. Het team is ingelicht en zorgt ervoor dat u naar binnen kunt; zij reageren hier, of bel ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `Ik kon uw deurcode niet automatisch aanmaken. Het team is ingelicht en lost het voor u op; zij reageren hier, of bel ${contactPhone}.`,
  pinHeld: () => 'Dank u! Iemand van het team moet uw gegevens controleren voordat uw deurcode wordt vrijgegeven. U krijgt hier binnenkort antwoord.',
  pinNotYet: () => 'Uw deurcode is nog niet klaar. Ik stuur hem hierheen zodra hij klaar is.',
  alreadyConfirmed: () => 'U bent al ingecheckt. Antwoord PIN om uw deurcode opnieuw te zien, of HELP voor meer mogelijkheden.',
  done: (roomName) =>
    `U bent ingecheckt voor ${roomName}. Antwoord PIN om uw deurcode opnieuw te zien, MEDEWERKER om het team te bereiken, of HELP voor meer mogelijkheden. U kunt mij ook vragen naar de wifi, parkeren, uitchecken of het adres; werkt de code niet, antwoord dan WERKT NIET.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Welkom! Uw deurcode heeft u binnengelaten; u verblijft in ${roomName}.`,
      ...(wifi ? ['', `Wifi: ${wifi.network}`, ...(wifi.password ? [`Wachtwoord: ${wifi.password}`] : [])] : []),
      '',
      'Antwoord MEDEWERKER als u iets van het team nodig hebt. Een fijn verblijf!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Goedemorgen! Ter herinnering: het uitchecken uit ${roomName} is vandaag om ${checkOutTime}. Bedankt voor uw verblijf en een goede reis!`,
  updated: () => 'Bijgewerkt.',
  codeHowTo: () =>
    [
      'Vervelend! Op het toetsenbord:',
      '1. Raak het toetsenbord aan met uw handpalm om het te activeren (de cijfers lichten op).',
      '2. Typ uw code.',
      '3. Druk aan het eind op # (of op de 🔒-toets).',
      'Als u zich vergist, wacht dan tot het licht uitgaat en begin opnieuw.',
    ].join('\n'),
  codeNotYetValid: (from) => `Uw code werkt vanaf ${from}. Tot dan opent de deur er niet mee; probeert u het vanaf dat moment opnieuw.`,
  codeChecking: () => 'Ik controleer uw code nu ook op de sloten en laat het u hier zo weten.',
  codeCheckedOk: () =>
    'Ik heb het gecontroleerd: uw code staat op beide sloten en is actief. Hier is hij nog een keer. Werkt hij nog steeds niet, antwoord dan WERKT NIET en ik schakel een medewerker in.',
  codeReadded: (where) =>
    `Ik heb het gecontroleerd: uw code ontbrak (${where}), dus ik heb hem opnieuw toegevoegd. Hier is hij nog een keer; probeert u het opnieuw. Werkt hij nog steeds niet, antwoord dan WERKT NIET.`,
  codeCheckBusy: () =>
    'Uw code wordt op dit moment bijgewerkt op de sloten; ik stuur hem hier zodra hij klaar is. Werkt hij daarna nog steeds niet, antwoord dan WERKT NIET.',
  codeCheckFailed: (contactPhone) =>
    `Ik kon uw code niet op de sloten controleren, dus ik heb het team met spoed gevraagd u binnen te helpen. Zij antwoorden hier; u kunt ook meteen ${contactPhone} bellen.`,
  codeEscalated: (contactPhone) =>
    `Het spijt me. Ik heb het team met spoed ingeschakeld: iemand helpt u binnen en antwoordt hier. U kunt ook meteen ${contactPhone} bellen.`,
  frontDoor: 'voordeur',
  wifiInfo: (network, password) => `Wifi-netwerk: ${network}\n${password ? `Wachtwoord: ${password}` : 'Er is geen wachtwoord nodig.'}`,
  parkingInfo: (text) => `Parkeren: ${text}`,
  checkOutInfo: (when) => `Uitchecken uiterlijk ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`Het adres is: ${address}`] : []), ...(mapUrl ? [`Kaart: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Huisregels:\n${text}`,
  infoMissing: (topic) =>
    `Ik heb hier geen ${({ wifi: 'wifi-gegevens', parking: 'informatie over parkeren', address: 'adres', houseRules: 'huisregels' })[topic]}, dus ik heb uw vraag aan het team doorgegeven. Zij antwoorden u hier.`,
  questionForwarded: () => 'Ik heb uw bericht aan het team doorgegeven; zij antwoorden u hier binnenkort.',
  youreWelcome: () => 'Graag gedaan! Schrijf hier gerust als u iets nodig hebt.',
  infoHuman: () => 'Niet wat u vroeg? Typ MEDEWERKER en het team antwoordt u.',
  infoForwarded: () => 'Ik heb uw bericht ook aan het team doorgegeven; zij antwoorden u hier.',
  codeEnded: (until) =>
    `${until ? `Uw verblijf is voorbij: uw deurcode werkte tot ${until} en opent de deur niet meer.` : 'U liet ons weten dat u vertrokken bent, dus uw deurcode wordt nu beëindigd.'} Moet u toch nog naar binnen (voor iets wat u vergeten bent, bijvoorbeeld)? Typ dan MEDEWERKER en het team helpt u.`,
  phoneUnlisted: () => 'Ik kan dat nummer niet bevestigen; misschien staat er een typfout in. Controleert u het, en als het klopt, stuur dan hetzelfde nummer nog een keer.',
  stuck: () => 'Sorry, ik kom niet verder met dit antwoord. Ik heb het team ingelicht: typ MEDEWERKER om met iemand te praten, of probeer het nog één keer.',
  botError: () => 'Sorry, er ging aan mijn kant iets mis en ik kon uw laatste bericht niet lezen. Het team is ingelicht. Stuur het nog eens, of typ MEDEWERKER.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `Het team van ${team}` : 'Het team'}`,
  editLater: () => 'Laten we eerst de vragen afmaken; in het overzicht aan het eind kunt u elk gegeven wijzigen. Typ TERUG om een vraag terug te gaan.',
  help: () =>
    [
      'Ik check u in en stuur u uw deurcode. U kunt typen:',
      'HELP - dit bericht',
      'TERUG - een vraag terug',
      'WIJZIGEN - een gegeven aanpassen',
      'PIN - uw deurcode opnieuw zien (na het inchecken)',
      'MEDEWERKER - met iemand van het team praten',
      'OPNIEUW - opnieuw beginnen',
      'TAAL - de taal wijzigen',
    ].join('\n'),
  chooseLanguage: () => 'In welke taal wilt u dat ik schrijf?',
  languageChanged: () => 'Prima, ik schrijf u vanaf nu in het Nederlands.',
  humanRequested: () => 'Ik heb het team gevraagd mee te kijken; er reageert hier binnenkort iemand. U kunt intussen gewoon met mij verder.',
  restarted: () => 'Goed, we beginnen opnieuw.',
  cannotGoBack: () => 'We zijn al bij de eerste vraag.',
  pleaseType: () => 'Ik kan hier alleen getypte berichten lezen. Typ uw antwoord.',
  tooFast: () => 'U stuurt berichten sneller dan ik ze kan lezen. Wacht een minuut en stuur uw antwoord dan nog eens.',
  departure: {
    confirm: () => 'Uw deurcode werkt dan over 15 minuten niet meer. Bent u al vertrokken? Antwoord JA of NEE.',
    started: () => 'Dank u wel! Ik beëindig uw deurcode nu en bevestig het hier zo meteen.',
    kept: (checkOut) => `Geen probleem, er verandert niets: uw deurcode blijft werken tot ${checkOut}.`,
    done: (time) => `Klaar: uw deurcode werkt vanaf ${time} niet meer. Bedankt voor uw verblijf en goede reis!`,
    failed: (contactPhone) =>
      `Ik kon uw deurcode niet automatisch beëindigen. Het team is ingelicht en regelt het voor u; zij reageren hier, of bel ${contactPhone}.`,
    tooEarly: (checkIn) => `Uw verblijf is nog niet begonnen: inchecken is op ${checkIn}. Zijn uw plannen veranderd? Typ dan MEDEWERKER om het team te bereiken.`,
    alreadyEnding: (checkOut) =>
      `Uw deurcode werkt sowieso maar tot ${checkOut}, dus er hoeft niets te veranderen. Bedankt voor uw verblijf en goede reis!`,
    noted: () => 'Bedankt voor het laten weten! Ik heb het aan het team doorgegeven. Goede reis!',
  },
  buttons: {
    confirm: 'Bevestigen',
    edit: 'Wijzigen',
    no_car: 'Geen auto',
    use_known_phone: (phone) => `${phone} gebruiken`,
    left_yes: 'Ja, vertrokken',
    left_no: 'Nee, nog niet',
    edit_name: 'Naam',
    edit_phone: 'Telefoon',
    edit_email: 'E-mail',
    edit_car: 'Auto',
    resend_pin: 'Mijn code tonen',
    code_trouble: 'De code werkt niet',
    language: '🌐 Taal',
  },
  words: nlWords,
  whatsapp: {
    typed: {
      confirm: ['JA', 'BEVESTIGEN'],
      edit: ['WIJZIGEN'],
      no_car: ['GEEN AUTO'],
      use_known_phone: ['JA'],
      left_yes: ['JA'],
      left_no: ['NEE'],
      edit_name: ['NAAM'],
      edit_phone: ['TELEFOON'],
      edit_email: ['E-MAIL'],
      edit_car: ['AUTO'],
      resend_pin: ['PIN'],
      code_trouble: ['WERKT NIET'],
      human: ['MEDEWERKER'],
      language: ['TAAL'],
    },
    numberedHint: (labels) => `Antwoord ${labels.map((l, i) => `${i + 1} voor ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Mijn telefoonnummer delen',
    contactPlaceholder: 'Of typ uw nummer, bijv. +31 6 12345678',
    staleButton: 'Deze knop werkt niet meer. Gebruik het laatste bericht, of typ uw antwoord.',
    groupNote:
      'Hallo! Ik check gasten één voor één in via een privégesprek, dus ik reageer niet in groepen. Open rechtstreeks een gesprek met mij (tik op mijn naam en dan op Start).',
    commands: {
      start: 'Inchecken (beginnen of verdergaan)',
      pin: 'Mijn deurcode opnieuw tonen',
      help: 'Wat ik kan',
      human: 'Met iemand van het team praten',
      restart: 'Opnieuw beginnen met een andere boeking',
      lang: 'Taal wijzigen',
    },
  },
};
