import type { Messages } from './en.js';
import { itWords } from './it-words.js';
import { otherLanguageNames } from './languages.js';

/** Italian, Lei (the courtesy form Italian hotels write in), lower-case "le", "sua" as modern usage has it. */
export const it: Messages = {
  locale: 'it-IT',
  dateFormat: "EEEE d MMMM yyyy, 'ore' HH:mm",
  welcome: () =>
    `Salve! Sono l'assistente per il check-in. In pochi passaggi riceverà il suo codice di accesso.\n\nQual è il numero della sua prenotazione? Lo trova nell'e-mail di conferma.\n\n🌐 ${otherLanguageNames('it')}: scriva LINGUA.`,
  askRef: () => "Qual è il numero della sua prenotazione? Lo trova nell'e-mail di conferma (ad esempio AB1234).",
  refEmpty: () => 'Non ho capito. Scriva il numero della sua prenotazione (ad esempio AB1234).',
  refTooLong: () => 'È troppo lungo per un numero di prenotazione. Scriva solo il numero, ad esempio AB1234.',
  refFormat: () => 'Non sembra un numero di prenotazione: contiene solo lettere e cifre, ad esempio AB1234. Riprovi, per favore.',
  refNotFound: (ref) => `Non trovo nessuna prenotazione con il numero ${ref}. Controlli l'e-mail di conferma e riprovi.`,
  refGivingUp: () => 'Ho chiesto aiuto al team; qualcuno le risponderà qui a breve.',
  lookupsPaused: () => 'Al momento non posso cercare altre prenotazioni. Ho chiesto aiuto al team; qualcuno le risponderà qui a breve.',
  lookupsResumed: () => 'Ora può scrivere di nuovo il numero della sua prenotazione.',
  detailsCheckedAgain: () => 'Se ha scritto male qualche dato, ora può correggerlo: risponda MODIFICA.',
  bookingCancelled: (ref, contactPhone) =>
    `La prenotazione ${ref} è stata cancellata, quindi non posso effettuare il check-in. Ho avvisato il team; se pensa che sia un errore, chiami il ${contactPhone}.`,
  claimedElsewhere: (ref, contactPhone) =>
    `Il check-in per la prenotazione ${ref} è già stato fatto da un'altra chat. Per la sua sicurezza non posso continuare qui. Ho avvisato il team, che la contatterà; può anche chiamare il ${contactPhone}.`,
  blocked: (contactPhone) =>
    `Il team sta verificando questa prenotazione e le risponderà qui.${contactPhone ? ` Può anche chiamare il ${contactPhone}.` : ''} Scriva RICOMINCIA per usare un altro numero di prenotazione.`,
  refAccepted: () => 'Grazie. Qual è il nome completo indicato nella prenotazione?',
  reassigned: () => 'Ora il team si occupa di questa prenotazione e la contatterà qui.',
  bookingFreed: () => 'Buone notizie: il team ha sistemato la sua prenotazione, possiamo continuare.',
  askName: () => 'Qual è il nome completo indicato nella prenotazione?',
  nameEmpty: () => 'Non ho capito. Qual è il nome completo indicato nella prenotazione?',
  nameInvalid: () => 'Scriva il suo nome usando solo lettere, ad esempio Giulia Rossi.',
  nameTooLong: () => 'È troppo lungo per un nome. Scriva nome e cognome.',
  askPhone: (known) =>
    known
      ? `Il ${known} è il numero migliore per contattarla durante il soggiorno? Risponda SÌ, oppure scriva un altro numero.`
      : 'Qual è il numero di cellulare migliore per contattarla durante il soggiorno? Indichi il prefisso internazionale, ad esempio +39 312 345 6789.',
  phoneInvalid: () => 'Non sembra un numero di telefono. Lo scriva con il prefisso internazionale, ad esempio +39 312 345 6789.',
  phoneNeedsCountry: () => 'Aggiunga il prefisso internazionale al numero, ad esempio +39 312 345 6789.',
  phoneEmpty: () => 'Non ho capito. Qual è il numero di cellulare migliore per contattarla?',
  askEmail: () => 'Qual è il suo indirizzo e-mail?',
  emailInvalid: () => 'Non sembra un indirizzo e-mail. Lo controlli e riprovi, ad esempio giulia@example.com.',
  emailEmpty: () => 'Non ho capito. Qual è il suo indirizzo e-mail?',
  tooLong: () => 'Il messaggio è troppo lungo. Invii solo la risposta.',
  askCar: (settingUp) =>
    `${settingUp ? 'Grazie, stiamo preparando il suo codice di accesso.' : 'Grazie.'}\n\nArriverà in auto? Scriva la targa (ad esempio AB 123 CD), oppure SENZA AUTO se non ne ha.`,
  askCarAgain: () => "Qual è la targa dell'auto? Scriva SENZA AUTO se non arriverà in auto.",
  carInvalid: () => 'Non sembra una targa. Usi solo lettere e cifre (ad esempio AB 123 CD), oppure scriva SENZA AUTO.',
  summary: (s) =>
    [
      'Controlli i suoi dati:',
      ...(s.stay
        ? [`Prenotazione: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Arrivo: ${s.stay.checkInLabel}`, `Partenza: ${s.stay.checkOutLabel}`]
        : [`Prenotazione: ${s.ref}`]),
      `Nome: ${s.name}`,
      `Telefono: ${s.phone}`,
      `E-mail: ${s.email}`,
      `Auto: ${s.car ?? 'senza auto'}`,
      '',
      'Risponda SÌ per confermare, oppure MODIFICA per cambiare qualcosa.',
    ].join('\n'),
  confirmPrompt: () => 'Risponda SÌ per confermare i suoi dati, oppure MODIFICA per cambiare qualcosa.',
  askWhichField: () => 'Cosa desidera cambiare? Risponda NOME, TELEFONO, E-MAIL o AUTO.',
  fieldPrompt: (field) =>
    ({
      name: 'Qual è il nome completo indicato nella prenotazione?',
      phone: 'Qual è il numero di cellulare migliore per contattarla? Indichi il prefisso internazionale.',
      email: 'Qual è il suo indirizzo e-mail?',
      car: "Qual è la targa dell'auto? Scriva SENZA AUTO se non arriverà in auto.",
    })[field],
  pin: (p) =>
    [
      `Il suo codice di accesso è ${p.code}`,
      '',
      `Apre il portone di ${p.propertyName} e la porta di ${p.roomName}.`,
      `Arrivo: ${p.checkInLabel}`,
      `Partenza: ${p.checkOutLabel}`,
      'Digiti il codice sul tastierino, poi prema #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Risponda PIN in qualsiasi momento per rivederlo, oppure NON FUNZIONA se il codice non apre la porta. Buon soggiorno!',
    ].join('\n'),
  pinRedacted: '[codice nascosto]',
  pinComing: () => 'Il check-in è completato. Il suo codice di accesso è quasi pronto: glielo invio qui tra un momento.',
  pinDelayed: (contactPhone) =>
    `La preparazione del suo codice di accesso richiede più tempo del solito. Il team è stato avvisato e farà in modo che lei possa entrare; le risponderà qui, oppure chiami il ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `Non è stato possibile creare automaticamente il suo codice di accesso. Il team è stato avvisato e risolverà il problema; le risponderà qui, oppure chiami il ${contactPhone}.`,
  pinHeld: () => 'Grazie! Un membro del team deve verificare i suoi dati prima di inviarle il codice di accesso. Le risponderà qui a breve.',
  pinNotYet: () => 'Il suo codice di accesso non è ancora pronto. Glielo invierò qui appena lo sarà.',
  alreadyConfirmed: () => 'Il check-in è già completato. Risponda PIN per rivedere il suo codice di accesso, oppure AIUTO per le opzioni.',
  done: (roomName) =>
    `Il check-in per ${roomName} è completato. Risponda PIN per rivedere il suo codice di accesso, OPERATORE per contattare il team, oppure AIUTO per le opzioni. Può anche chiedermi del Wi-Fi, del parcheggio, del check-out o dell'indirizzo; se il codice non funziona, risponda NON FUNZIONA.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Benvenuto! Il suo codice di accesso l'ha fatta entrare; il suo alloggio è ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi: ${wifi.network}`, ...(wifi.password ? [`Password: ${wifi.password}`] : [])] : []),
      '',
      'Risponda OPERATORE se ha bisogno del team. Buon soggiorno!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Buongiorno! Le ricordiamo che il check-out da ${roomName} è oggi alle ${checkOutTime}. Grazie per aver soggiornato da noi e buon viaggio!`,
  updated: () => 'Aggiornato.',
  codeHowTo: () =>
    [
      'Mi dispiace! Sul tastierino:',
      '1. Tocchi il tastierino con il palmo della mano per attivarlo (i numeri si illuminano).',
      '2. Digiti il suo codice.',
      '3. Prema # (o il tasto 🔒) alla fine.',
      'Se sbaglia, attenda che la luce si spenga e ricominci.',
    ].join('\n'),
  codeNotYetValid: (from) => `Il suo codice funziona a partire da ${from}. Fino ad allora la porta non si aprirà con questo codice; riprovi da quel momento.`,
  codeChecking: () => 'Sto anche controllando il suo codice sulle serrature; le rispondo qui tra un momento.',
  codeCheckedOk: () =>
    'Ho controllato: il suo codice è presente e attivo su entrambe le serrature. Eccolo di nuovo. Se continua a non funzionare, risponda NON FUNZIONA e farò intervenire una persona.',
  codeReadded: (where) =>
    `Ho controllato: il suo codice non era presente (${where}), quindi l'ho aggiunto di nuovo. Eccolo di nuovo; riprovi. Se continua a non funzionare, risponda NON FUNZIONA.`,
  codeCheckBusy: () =>
    'Il suo codice è in fase di aggiornamento sulle serrature; glielo invio qui appena è pronto. Se dopo continua a non funzionare, risponda NON FUNZIONA.',
  codeCheckFailed: (contactPhone) =>
    `Non sono riuscito a controllare il suo codice sulle serrature, quindi ho chiesto con urgenza al team di aiutarla a entrare. Le risponderanno qui; può anche chiamare subito il ${contactPhone}.`,
  codeEscalated: (contactPhone) =>
    `Mi dispiace molto. Ho avvisato il team con urgenza: qualcuno la aiuterà a entrare e le risponderà qui. Può anche chiamare subito il ${contactPhone}.`,
  frontDoor: "porta d'ingresso",
  wifiInfo: (network, password) => `Rete Wi-Fi: ${network}\n${password ? `Password: ${password}` : 'Non serve alcuna password.'}`,
  parkingInfo: (text) => `Parcheggio: ${text}`,
  checkOutInfo: (when) => `Il check-out è entro ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`L'indirizzo è: ${address}`] : []), ...(mapUrl ? [`Mappa: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Regole della casa:\n${text}`,
  infoMissing: (topic) =>
    `Non ho qui ${({ wifi: 'i dati del Wi-Fi', parking: 'informazioni sul parcheggio', address: "l'indirizzo", houseRules: 'le regole della casa' })[topic]}, quindi ho inoltrato la sua domanda al team. Le risponderanno qui.`,
  questionForwarded: () => 'Ho inoltrato il suo messaggio al team; le risponderanno qui a breve.',
  youreWelcome: () => 'Si figuri! Mi scriva qui se ha bisogno di qualcosa.',
  infoHuman: () => "Non è quello che chiedeva? Scriva OPERATORE e il team le risponderà.",
  infoForwarded: () => 'Ho inoltrato il suo messaggio anche al team; le risponderanno qui.',
  codeEnded: (until) =>
    `${until ? `Il suo soggiorno è terminato: il codice della porta valeva fino a ${until}, quindi non apre più.` : 'Ci ha detto di essere partito, quindi il codice della porta è in fase di disattivazione.'} Se deve ancora entrare (per un oggetto dimenticato, per esempio), scriva OPERATORE e il team la aiuterà.`,
  phoneUnlisted: () => 'Non riesco a confermare questo numero; forse contiene un errore. Lo controlli e, se è corretto, invii di nuovo lo stesso numero.',
  stuck: () => 'Mi scusi, ho difficoltà con questa risposta. Ho avvisato il team: scriva OPERATORE per parlare con una persona, oppure riprovi ancora una volta.',
  botError: () =>
    'Mi scusi, si è verificato un problema da parte mia e non ho potuto leggere il suo ultimo messaggio. Il team è stato avvisato. Lo invii di nuovo, oppure scriva OPERATORE.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `Il team di ${team}` : 'Il team'}`,
  editLater: () =>
    'Finiamo prima le domande; alla fine potrà modificare qualsiasi dato nel riepilogo. Scriva INDIETRO per tornare alla domanda precedente.',
  help: () =>
    [
      'Mi occupo del suo check-in e le invio il codice di accesso. Può scrivere:',
      'AIUTO - questo messaggio',
      'INDIETRO - tornare alla domanda precedente',
      'MODIFICA - cambiare un dato',
      'PIN - rivedere il codice di accesso (dopo il check-in)',
      'OPERATORE - parlare con una persona',
      'RICOMINCIA - ricominciare da capo',
      'LINGUA - cambiare lingua',
    ].join('\n'),
  chooseLanguage: () => 'In quale lingua preferisce che le scriva?',
  languageChanged: () => "Va bene, d'ora in poi le scrivo in italiano.",
  humanRequested: () => 'Ho chiesto al team di intervenire; qualcuno le risponderà qui a breve. Nel frattempo può continuare con me.',
  restarted: () => "D'accordo, ricominciamo.",
  cannotGoBack: () => 'Siamo già alla prima domanda.',
  pleaseType: () => 'Qui posso leggere solo messaggi scritti. Scriva la sua risposta.',
  tooFast: () => 'Sta inviando messaggi più velocemente di quanto io riesca a leggerli. Attenda un minuto, poi invii di nuovo la sua risposta.',
  departure: {
    confirm: () => "Il suo codice di accesso smetterà di funzionare tra 15 minuti. Ha già lasciato l'alloggio? Risponda SÌ o NO.",
    started: () => 'Grazie! Sto disattivando il suo codice di accesso; glielo confermo qui tra un momento.',
    kept: (checkOut) => `Nessun problema, non cambia nulla: il suo codice di accesso funziona fino a ${checkOut}.`,
    done: (time) => `Fatto: il suo codice di accesso smette di funzionare alle ${time}. Grazie per aver soggiornato da noi e buon viaggio!`,
    failed: (contactPhone) =>
      `Non è stato possibile disattivare automaticamente il suo codice di accesso. Il team è stato avvisato e se ne occuperà; le risponderà qui, oppure chiami il ${contactPhone}.`,
    tooEarly: (checkIn) => `Il suo soggiorno non è ancora iniziato: il check-in è ${checkIn}. Se i suoi piani sono cambiati, scriva OPERATORE per contattare il team.`,
    alreadyEnding: (checkOut) =>
      `Il suo codice di accesso funziona comunque solo fino a ${checkOut}, quindi non c'è nulla da cambiare. Grazie per aver soggiornato da noi e buon viaggio!`,
    noted: () => 'Grazie per avercelo detto! Ho avvisato il team. Buon viaggio!',
  },
  buttons: {
    confirm: 'Conferma',
    edit: 'Modifica',
    no_car: 'Senza auto',
    use_known_phone: (phone) => `Usa il ${phone}`,
    left_yes: "Sì, ho lasciato l'alloggio",
    left_no: 'No, non ancora',
    edit_name: 'Nome',
    edit_phone: 'Telefono',
    edit_email: 'E-mail',
    edit_car: 'Auto',
    resend_pin: 'Mostra il codice',
    code_trouble: 'Il codice non funziona',
    language: '🌐 Lingua',
  },
  words: itWords,
  whatsapp: {
    typed: {
      confirm: ['SÌ', 'CONFERMA'],
      edit: ['MODIFICA'],
      no_car: ['SENZA AUTO'],
      use_known_phone: ['SÌ'],
      left_yes: ['SÌ'],
      left_no: ['NO'],
      edit_name: ['NOME'],
      edit_phone: ['TELEFONO'],
      edit_email: ['E-MAIL'],
      edit_car: ['AUTO'],
      resend_pin: ['PIN'],
      code_trouble: ['NON FUNZIONA'],
      human: ['OPERATORE'],
      language: ['LINGUA'],
    },
    numberedHint: (labels) => `Risponda ${labels.map((l, i) => `${i + 1} per ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Condividi il mio numero di telefono',
    contactPlaceholder: 'Oppure scriva il numero, es. +39 312 345 6789',
    staleButton: "Questo pulsante non è più attivo. Usi l'ultimo messaggio, oppure scriva la sua risposta.",
    groupNote:
      'Salve! Faccio il check-in degli ospiti uno alla volta, in una chat privata, quindi non rispondo nei gruppi. Apra una chat direttamente con me (tocchi il mio nome, poi Avvia).',
    commands: {
      start: 'Fare il check-in (iniziare o continuare)',
      pin: 'Rivedere il mio codice di accesso',
      help: 'Cosa posso fare',
      human: 'Parlare con una persona',
      restart: "Ricominciare con un'altra prenotazione",
      lang: 'Cambiare lingua',
    },
  },
};
