import type { Messages } from './en.js';
import { deWords } from './de-words.js';
import { otherLanguageNames } from './languages.js';

/** German, Sie. */
export const de: Messages = {
  locale: 'de-DE',
  dateFormat: "EEEE, d. MMMM yyyy, HH:mm 'Uhr'",
  welcome: () =>
    `Hallo! Ich bin der Check-in-Assistent. In wenigen Schritten bekommen Sie Ihren Türcode.\n\nWie lautet Ihre Buchungsnummer? Sie steht in Ihrer Bestätigungs-E-Mail.\n\n🌐 ${otherLanguageNames('de')}: schreiben Sie SPRACHE.`,
  askRef: () => 'Wie lautet Ihre Buchungsnummer? Sie steht in Ihrer Bestätigungs-E-Mail (zum Beispiel AB1234).',
  refEmpty: () => 'Das habe ich nicht verstanden. Bitte geben Sie Ihre Buchungsnummer ein (zum Beispiel AB1234).',
  refTooLong: () => 'Das ist zu lang für eine Buchungsnummer. Bitte geben Sie nur die Nummer ein, zum Beispiel AB1234.',
  refFormat: () =>
    'Das sieht nicht nach einer Buchungsnummer aus: Sie besteht nur aus Buchstaben und Ziffern, zum Beispiel AB1234. Bitte versuchen Sie es noch einmal.',
  refNotFound: (ref) => `Ich finde keine Buchung mit der Nummer ${ref}. Bitte prüfen Sie Ihre Bestätigungs-E-Mail und versuchen Sie es noch einmal.`,
  refGivingUp: () => 'Ich habe das Team um Hilfe gebeten; jemand antwortet Ihnen hier in Kürze.',
  lookupsPaused: () => 'Ich kann gerade keine weiteren Buchungsnummern nachschlagen. Ich habe das Team um Hilfe gebeten; jemand antwortet Ihnen hier in Kürze.',
  lookupsResumed: () => 'Sie können Ihre Buchungsnummer jetzt wieder eingeben.',
  detailsCheckedAgain: () => 'Falls Sie sich bei Ihren Angaben vertippt haben, können Sie sie jetzt korrigieren: Antworten Sie ÄNDERN.',
  bookingCancelled: (ref, contactPhone) =>
    `Die Buchung ${ref} wurde storniert, daher kann ich Sie nicht einchecken. Ich habe das Team informiert; falls Sie das für einen Irrtum halten, rufen Sie bitte ${contactPhone} an.`,
  claimedElsewhere: (ref, contactPhone) =>
    `Für die Buchung ${ref} wurde bereits in einem anderen Chat eingecheckt. Zu Ihrer Sicherheit kann ich hier nicht weitermachen. Ich habe das Team informiert, es meldet sich bei Ihnen; Sie können auch ${contactPhone} anrufen.`,
  blocked: (contactPhone) =>
    `Das Team prüft diese Buchung und antwortet Ihnen hier.${contactPhone ? ` Sie können auch ${contactPhone} anrufen.` : ''} Schreiben Sie NEUSTART, um eine andere Buchungsnummer zu verwenden.`,
  refAccepted: () => 'Danke. Wie lautet der vollständige Name in der Buchung?',
  reassigned: () => 'Das Team kümmert sich jetzt um diese Buchung und meldet sich hier bei Ihnen.',
  bookingFreed: () => 'Gute Nachricht: Das Team hat Ihre Buchung geklärt, wir können weitermachen.',
  askName: () => 'Wie lautet der vollständige Name in der Buchung?',
  nameEmpty: () => 'Das habe ich nicht verstanden. Wie lautet der vollständige Name in der Buchung?',
  nameInvalid: () => 'Bitte schreiben Sie Ihren Namen nur mit Buchstaben, zum Beispiel Anna Schmidt.',
  nameTooLong: () => 'Das ist zu lang für einen Namen. Bitte geben Sie Vor- und Nachnamen ein.',
  askPhone: (known) =>
    known
      ? `Sind Sie während Ihres Aufenthalts am besten unter ${known} erreichbar? Antworten Sie JA oder geben Sie eine andere Nummer ein.`
      : 'Unter welcher Handynummer sind Sie während Ihres Aufenthalts am besten erreichbar? Bitte mit Ländervorwahl, zum Beispiel +49 151 23456789.',
  phoneInvalid: () => 'Das sieht nicht nach einer Telefonnummer aus. Bitte geben Sie sie mit Ländervorwahl ein, zum Beispiel +49 151 23456789.',
  phoneNeedsCountry: () => 'Bitte ergänzen Sie die Ländervorwahl, zum Beispiel +49 151 23456789.',
  phoneEmpty: () => 'Das habe ich nicht verstanden. Unter welcher Handynummer sind Sie am besten erreichbar?',
  askEmail: () => 'Wie lautet Ihre E-Mail-Adresse?',
  emailInvalid: () => 'Das sieht nicht nach einer E-Mail-Adresse aus. Bitte prüfen Sie sie und versuchen Sie es noch einmal, zum Beispiel anna@example.com.',
  emailEmpty: () => 'Das habe ich nicht verstanden. Wie lautet Ihre E-Mail-Adresse?',
  tooLong: () => 'Diese Nachricht ist zu lang. Bitte senden Sie nur die Antwort.',
  askCar: (settingUp) =>
    `${settingUp ? 'Danke, Ihr Türcode wird jetzt eingerichtet.' : 'Danke.'}\n\nKommen Sie mit dem Auto? Geben Sie das Kennzeichen ein (zum Beispiel B AB 1234) oder KEIN AUTO, falls nicht.`,
  askCarAgain: () => 'Wie lautet das Kennzeichen? Schreiben Sie KEIN AUTO, wenn Sie ohne Auto kommen.',
  carInvalid: () => 'Das sieht nicht nach einem Kennzeichen aus. Bitte nur Buchstaben und Ziffern eingeben (zum Beispiel B AB 1234) oder KEIN AUTO.',
  summary: (s) =>
    [
      'Bitte prüfen Sie Ihre Angaben:',
      ...(s.stay ? [`Buchung: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Anreise: ${s.stay.checkInLabel}`, `Abreise: ${s.stay.checkOutLabel}`] : [`Buchung: ${s.ref}`]),
      `Name: ${s.name}`,
      `Telefon: ${s.phone}`,
      `E-Mail: ${s.email}`,
      `Auto: ${s.car ?? 'kein Auto'}`,
      '',
      'Antworten Sie JA zum Bestätigen oder ÄNDERN, um etwas zu ändern.',
    ].join('\n'),
  confirmPrompt: () => 'Antworten Sie JA, um Ihre Angaben zu bestätigen, oder ÄNDERN, um etwas zu ändern.',
  askWhichField: () => 'Was möchten Sie ändern? Antworten Sie NAME, TELEFON, E-MAIL oder AUTO.',
  fieldPrompt: (field) =>
    ({
      name: 'Wie lautet der vollständige Name in der Buchung?',
      phone: 'Unter welcher Handynummer sind Sie am besten erreichbar? Bitte mit Ländervorwahl.',
      email: 'Wie lautet Ihre E-Mail-Adresse?',
      car: 'Wie lautet das Kennzeichen? Schreiben Sie KEIN AUTO, wenn Sie ohne Auto kommen.',
    })[field],
  pin: (p) =>
    [
      `Ihr Türcode lautet ${p.code}`,
      '',
      `Er öffnet die Haustür von ${p.propertyName} und ${p.roomName}.`,
      `Anreise: ${p.checkInLabel}`,
      `Abreise: ${p.checkOutLabel}`,
      'Geben Sie den Code am Tastenfeld ein und drücken Sie dann #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Antworten Sie jederzeit PIN, um ihn noch einmal zu sehen, oder GEHT NICHT, wenn der Code die Tür nicht öffnet. Einen schönen Aufenthalt!',
    ].join('\n'),
  pinRedacted: '[Code verborgen]',
  pinComing: () => 'Sie sind eingecheckt. Ihr Türcode ist fast fertig: Ich schicke ihn Ihnen gleich hier.',
  pinDelayed: (contactPhone) =>
    `Das Einrichten Ihres Türcodes dauert länger als üblich. Das Team ist informiert und sorgt dafür, dass Sie hineinkommen; es antwortet Ihnen hier, oder rufen Sie ${contactPhone} an.`,
  pinFailed: (contactPhone) =>
    `Ich konnte Ihren Türcode nicht automatisch einrichten. Das Team ist informiert und kümmert sich darum; es antwortet Ihnen hier, oder rufen Sie ${contactPhone} an.`,
  pinHeld: () => 'Danke! Jemand aus dem Team muss Ihre Angaben prüfen, bevor Ihr Türcode freigegeben wird. Sie bekommen hier in Kürze eine Antwort.',
  pinNotYet: () => 'Ihr Türcode ist noch nicht fertig. Ich schicke ihn Ihnen hier, sobald er bereit ist.',
  alreadyConfirmed: () => 'Sie sind bereits eingecheckt. Antworten Sie PIN, um Ihren Türcode noch einmal zu sehen, oder HILFE für weitere Möglichkeiten.',
  done: (roomName) =>
    `Sie sind für ${roomName} eingecheckt. Antworten Sie PIN, um Ihren Türcode noch einmal zu sehen, TEAM, um das Team zu erreichen, oder HILFE für weitere Möglichkeiten. Sie können mich auch nach WLAN, Parken, Check-out oder der Adresse fragen; wenn der Code nicht funktioniert, antworten Sie GEHT NICHT.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Willkommen! Ihr Türcode hat Sie hineingelassen; Sie wohnen in ${roomName}.`,
      ...(wifi ? ['', `WLAN: ${wifi.network}`, ...(wifi.password ? [`Passwort: ${wifi.password}`] : [])] : []),
      '',
      'Antworten Sie TEAM, wenn Sie etwas vom Team brauchen. Einen schönen Aufenthalt!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Guten Morgen! Zur Erinnerung: Der Check-out aus ${roomName} ist heute um ${checkOutTime} Uhr. Vielen Dank für Ihren Aufenthalt und eine gute Reise!`,
  updated: () => 'Aktualisiert.',
  codeHowTo: () =>
    [
      'Das tut mir leid! Am Tastenfeld:',
      '1. Berühren Sie das Tastenfeld mit der Handfläche, um es zu aktivieren (die Ziffern leuchten auf).',
      '2. Geben Sie Ihren Code ein.',
      '3. Drücken Sie am Ende # (oder die 🔒-Taste).',
      'Bei einem Tippfehler warten Sie, bis das Licht ausgeht, und beginnen Sie von vorn.',
    ].join('\n'),
  codeNotYetValid: (from) => `Ihr Code gilt ab ${from}. Bis dahin öffnet er die Tür nicht; bitte versuchen Sie es ab diesem Zeitpunkt erneut.`,
  codeChecking: () => 'Ich prüfe Ihren Code jetzt auch an den Schlössern und melde mich gleich hier.',
  codeCheckedOk: () =>
    'Ich habe nachgesehen: Ihr Code ist auf beiden Schlössern gespeichert und aktiv. Hier ist er noch einmal. Wenn er immer noch nicht funktioniert, antworten Sie GEHT NICHT, dann hilft Ihnen eine Person weiter.',
  codeReadded: (where) =>
    `Ich habe nachgesehen: Ihr Code fehlte (${where}), daher habe ich ihn wieder hinzugefügt. Hier ist er noch einmal; bitte versuchen Sie es erneut. Wenn er immer noch nicht funktioniert, antworten Sie GEHT NICHT.`,
  codeCheckBusy: () =>
    'Ihr Code wird gerade an den Schlössern aktualisiert; ich sende ihn Ihnen hier, sobald er bereit ist. Wenn er danach immer noch nicht funktioniert, antworten Sie GEHT NICHT.',
  codeCheckFailed: (contactPhone) =>
    `Ich konnte Ihren Code an den Schlössern nicht prüfen und habe deshalb das Team dringend gebeten, Ihnen hineinzuhelfen. Es antwortet Ihnen hier; Sie können auch gleich ${contactPhone} anrufen.`,
  codeEscalated: (contactPhone) =>
    `Das tut mir sehr leid. Ich habe das Team dringend informiert: Jemand hilft Ihnen hinein und antwortet Ihnen hier. Sie können auch gleich ${contactPhone} anrufen.`,
  frontDoor: 'Haustür',
  wifiInfo: (network, password) => `WLAN-Netz: ${network}\n${password ? `Passwort: ${password}` : 'Es ist kein Passwort nötig.'}`,
  parkingInfo: (text) => `Parken: ${text}`,
  checkOutInfo: (when) => `Check-out ist bis ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`Die Adresse lautet: ${address}`] : []), ...(mapUrl ? [`Karte: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Hausordnung:\n${text}`,
  infoMissing: (topic) =>
    `Dazu liegen mir hier keine Angaben vor (${({ wifi: 'WLAN', parking: 'Parken', address: 'Adresse', houseRules: 'Hausordnung' })[topic]}), deshalb habe ich Ihre Frage an das Team weitergegeben. Es antwortet Ihnen hier.`,
  questionForwarded: () => 'Ich habe Ihre Nachricht an das Team weitergegeben; es antwortet Ihnen in Kürze hier.',
  youreWelcome: () => 'Gern geschehen! Schreiben Sie mir einfach hier, wenn Sie etwas brauchen.',
  infoHuman: () => 'Nicht das, was Sie wissen wollten? Schreiben Sie TEAM, dann antwortet Ihnen das Team.',
  infoForwarded: () => 'Ich habe Ihre Nachricht auch an das Team weitergegeben; es antwortet Ihnen hier.',
  codeEnded: (until) =>
    `${until ? `Ihr Aufenthalt ist vorbei: Ihr Türcode galt bis ${until} und öffnet die Tür nicht mehr.` : 'Sie haben uns gesagt, dass Sie abgereist sind, daher wird Ihr Türcode gerade beendet.'} Wenn Sie noch einmal hinein müssen (etwa wegen eines vergessenen Gegenstands), schreiben Sie TEAM, dann hilft Ihnen das Team.`,
  phoneUnlisted: () =>
    'Diese Nummer kann ich nicht bestätigen; vielleicht hat sich ein Tippfehler eingeschlichen. Bitte prüfen Sie sie, und wenn sie stimmt, senden Sie einfach dieselbe Nummer noch einmal.',
  stuck: () => 'Entschuldigung, mit dieser Antwort komme ich nicht weiter. Ich habe das Team informiert: Schreiben Sie TEAM, um mit einer Person zu sprechen, oder versuchen Sie es noch einmal.',
  botError: () =>
    'Entschuldigung, bei mir ist etwas schiefgelaufen und ich konnte Ihre letzte Nachricht nicht lesen. Das Team ist informiert. Bitte senden Sie sie noch einmal oder schreiben Sie TEAM.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `Das Team von ${team}` : 'Das Team'}`,
  editLater: () =>
    'Beantworten wir zuerst die Fragen; in der Zusammenfassung am Ende können Sie jede Angabe ändern. Schreiben Sie ZURÜCK, um zur vorigen Frage zu gehen.',
  help: () =>
    [
      'Ich checke Sie ein und schicke Ihnen Ihren Türcode. Sie können schreiben:',
      'HILFE - diese Nachricht',
      'ZURÜCK - zur vorigen Frage',
      'ÄNDERN - eine Angabe ändern',
      'PIN - Ihren Türcode noch einmal zeigen (nach dem Check-in)',
      'TEAM - mit einer Person sprechen',
      'NEUSTART - von vorne beginnen',
      'SPRACHE - die Sprache wechseln',
    ].join('\n'),
  chooseLanguage: () => 'In welcher Sprache soll ich Ihnen schreiben?',
  languageChanged: () => 'Gern, ich schreibe Ihnen ab jetzt auf Deutsch.',
  humanRequested: () => 'Ich habe das Team dazugeholt; jemand antwortet Ihnen hier in Kürze. Bis dahin können Sie gern mit mir weitermachen.',
  restarted: () => 'In Ordnung, fangen wir von vorne an.',
  cannotGoBack: () => 'Wir sind schon bei der ersten Frage.',
  pleaseType: () => 'Ich kann hier nur geschriebene Nachrichten lesen. Bitte tippen Sie Ihre Antwort.',
  tooFast: () => 'Sie senden Nachrichten schneller, als ich sie lesen kann. Bitte warten Sie eine Minute und senden Sie Ihre Antwort dann noch einmal.',
  departure: {
    confirm: () => 'Ihr Türcode funktioniert dann in 15 Minuten nicht mehr. Sind Sie schon abgereist? Antworten Sie JA oder NEIN.',
    started: () => 'Vielen Dank! Ich beende Ihren Türcode jetzt und bestätige es Ihnen hier gleich.',
    kept: (checkOut) => `Kein Problem, es ändert sich nichts: Ihr Türcode funktioniert weiterhin bis ${checkOut}.`,
    done: (time) => `Erledigt: Ihr Türcode funktioniert ab ${time} Uhr nicht mehr. Vielen Dank für Ihren Aufenthalt und gute Reise!`,
    failed: (contactPhone) =>
      `Ich konnte Ihren Türcode nicht automatisch beenden. Das Team ist informiert und kümmert sich darum; es antwortet Ihnen hier, oder rufen Sie ${contactPhone} an.`,
    tooEarly: (checkIn) => `Ihr Aufenthalt hat noch nicht begonnen: Check-in ist am ${checkIn}. Falls sich Ihre Pläne geändert haben, schreiben Sie TEAM, um das Team zu erreichen.`,
    alreadyEnding: (checkOut) =>
      `Ihr Türcode funktioniert ohnehin nur bis ${checkOut}, es gibt also nichts zu ändern. Vielen Dank für Ihren Aufenthalt und gute Reise!`,
    noted: () => 'Vielen Dank für die Nachricht! Ich habe sie an das Team weitergegeben. Gute Reise!',
  },
  buttons: {
    confirm: 'Bestätigen',
    edit: 'Ändern',
    no_car: 'Kein Auto',
    use_known_phone: (phone) => `${phone} verwenden`,
    left_yes: 'Ja, abgereist',
    left_no: 'Nein, noch nicht',
    edit_name: 'Name',
    edit_phone: 'Telefon',
    edit_email: 'E-Mail',
    edit_car: 'Auto',
    resend_pin: 'Meinen Code zeigen',
    code_trouble: 'Der Code geht nicht',
    language: '🌐 Sprache',
  },
  words: deWords,
  whatsapp: {
    typed: {
      confirm: ['JA', 'BESTÄTIGEN'],
      edit: ['ÄNDERN'],
      no_car: ['KEIN AUTO'],
      use_known_phone: ['JA'],
      left_yes: ['JA'],
      left_no: ['NEIN'],
      edit_name: ['NAME'],
      edit_phone: ['TELEFON'],
      edit_email: ['E-MAIL'],
      edit_car: ['AUTO'],
      resend_pin: ['PIN'],
      code_trouble: ['GEHT NICHT'],
      human: ['TEAM'],
      language: ['SPRACHE'],
    },
    numberedHint: (labels) => `Antworten Sie ${labels.map((l, i) => `${i + 1} für ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Meine Telefonnummer teilen',
    contactPlaceholder: 'Oder Nummer eingeben, z. B. +49 151 23456789',
    staleButton: 'Diese Schaltfläche ist nicht mehr aktiv. Bitte nutzen Sie die neueste Nachricht oder tippen Sie Ihre Antwort.',
    groupNote:
      'Hallo! Ich checke Gäste einzeln in einem privaten Chat ein, deshalb antworte ich nicht in Gruppen. Bitte öffnen Sie direkt einen Chat mit mir (auf meinen Namen tippen, dann auf Starten).',
    commands: {
      start: 'Einchecken (starten oder fortsetzen)',
      pin: 'Meinen Türcode noch einmal zeigen',
      help: 'Was ich kann',
      human: 'Mit einer Person sprechen',
      restart: 'Mit einer anderen Buchung neu beginnen',
      lang: 'Sprache wechseln',
    },
  },
};
