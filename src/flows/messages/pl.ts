import type { Messages } from './en.js';
import { plWords } from './pl-words.js';
import { otherLanguageNames } from './languages.js';

/**
 * Polish: the polite impersonal ("Proszę podać …"), which needs no Pan/Pani (the bot does not
 * know the guest's gender), and "Państwo" where a person must be addressed, as Polish hotels write.
 */
export const pl: Messages = {
  locale: 'pl-PL',
  dateFormat: "EEEE, d MMMM yyyy, 'godz.' HH:mm",
  welcome: () =>
    `Dzień dobry! Jestem asystentem zameldowania online. W kilku krokach przekażę kod do drzwi.\n\nProszę podać numer rezerwacji – znajduje się w e-mailu z potwierdzeniem.\n\n🌐 ${otherLanguageNames('pl')}: proszę wpisać JĘZYK.`,
  askRef: () => 'Proszę podać numer rezerwacji – znajduje się w e-mailu z potwierdzeniem (na przykład AB1234).',
  refEmpty: () => 'Nie udało mi się tego odczytać. Proszę wpisać numer rezerwacji (na przykład AB1234).',
  refTooLong: () => 'To za długie jak na numer rezerwacji. Proszę wpisać sam numer, na przykład AB1234.',
  refFormat: () => 'To nie wygląda na numer rezerwacji: składa się on tylko z liter i cyfr, na przykład AB1234. Proszę spróbować ponownie.',
  refNotFound: (ref) => `Nie mogę znaleźć rezerwacji o numerze ${ref}. Proszę sprawdzić e-mail z potwierdzeniem i spróbować ponownie.`,
  refGivingUp: () => 'Zespół został poproszony o pomoc; ktoś wkrótce odpowie w tym czacie.',
  lookupsPaused: () => 'W tej chwili nie mogę sprawdzić kolejnych numerów rezerwacji. Zespół został poproszony o pomoc; ktoś wkrótce odpowie w tym czacie.',
  lookupsResumed: () => 'Można już ponownie wpisać numer rezerwacji.',
  detailsCheckedAgain: () => 'Jeśli w danych jest literówka, można ją teraz poprawić: proszę odpowiedzieć EDYTUJ.',
  bookingCancelled: (ref, contactPhone) =>
    `Rezerwacja ${ref} została anulowana, więc nie mogę przeprowadzić zameldowania. Zespół został powiadomiony; jeśli to pomyłka, proszę zadzwonić pod numer ${contactPhone}.`,
  claimedElsewhere: (ref, contactPhone) =>
    `Zameldowanie dla rezerwacji ${ref} zostało już wykonane w innym czacie. Ze względów bezpieczeństwa nie mogę tu kontynuować. Zespół został powiadomiony i się skontaktuje; można też zadzwonić pod numer ${contactPhone}.`,
  blocked: (contactPhone) =>
    `Zespół sprawdza tę rezerwację i odpowie w tym czacie.${contactPhone ? ` Można też zadzwonić pod numer ${contactPhone}.` : ''} Aby użyć innego numeru rezerwacji, proszę wpisać OD NOWA.`,
  refAccepted: () => 'Dziękuję. Proszę podać imię i nazwisko z rezerwacji.',
  reassigned: () => 'Tą rezerwacją zajmuje się teraz zespół, który odezwie się w tym czacie.',
  bookingFreed: () => 'Dobra wiadomość: zespół wyjaśnił sprawę rezerwacji, więc możemy kontynuować.',
  askName: () => 'Proszę podać imię i nazwisko z rezerwacji.',
  nameEmpty: () => 'Nie udało mi się tego odczytać. Proszę podać imię i nazwisko z rezerwacji.',
  nameInvalid: () => 'Proszę wpisać imię i nazwisko, używając tylko liter, na przykład Anna Kowalska.',
  nameTooLong: () => 'To za długie jak na imię i nazwisko. Proszę wpisać samo imię i nazwisko.',
  askPhone: (known) =>
    known
      ? `Czy ${known} to najlepszy numer do kontaktu w czasie pobytu? Proszę odpowiedzieć TAK albo wpisać inny numer.`
      : 'Pod jakim numerem komórkowym najłatwiej o kontakt w czasie pobytu? Proszę podać go z numerem kierunkowym kraju, na przykład +48 512 345 678.',
  phoneInvalid: () => 'To nie wygląda na numer telefonu. Proszę wpisać go z numerem kierunkowym kraju, na przykład +48 512 345 678.',
  phoneNeedsCountry: () => 'Proszę dodać do numeru numer kierunkowy kraju, na przykład +48 512 345 678.',
  phoneEmpty: () => 'Nie udało mi się tego odczytać. Pod jakim numerem komórkowym najłatwiej o kontakt?',
  askEmail: () => 'Proszę podać adres e-mail.',
  emailInvalid: () => 'To nie wygląda na adres e-mail. Proszę go sprawdzić i spróbować ponownie, na przykład anna@example.com.',
  emailEmpty: () => 'Nie udało mi się tego odczytać. Proszę podać adres e-mail.',
  tooLong: () => 'Ta wiadomość jest za długa. Proszę wysłać samą odpowiedź.',
  askCar: (settingUp) =>
    `${settingUp ? 'Dziękuję, kod do drzwi jest już przygotowywany.' : 'Dziękuję.'}\n\nCzy przyjadą Państwo samochodem? Proszę wpisać numer rejestracyjny (na przykład WA 12345) albo BEZ SAMOCHODU.`,
  askCarAgain: () => 'Jaki jest numer rejestracyjny samochodu? Jeśli nie będzie samochodu, proszę wpisać BEZ SAMOCHODU.',
  carInvalid: () => 'To nie wygląda na numer rejestracyjny. Proszę wpisać tylko litery i cyfry (na przykład WA 12345) albo BEZ SAMOCHODU.',
  summary: (s) =>
    [
      'Proszę sprawdzić dane:',
      ...(s.stay ? [`Rezerwacja: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Przyjazd: ${s.stay.checkInLabel}`, `Wyjazd: ${s.stay.checkOutLabel}`] : [`Rezerwacja: ${s.ref}`]),
      `Imię i nazwisko: ${s.name}`,
      `Telefon: ${s.phone}`,
      `E-mail: ${s.email}`,
      `Samochód: ${s.car ?? 'brak'}`,
      '',
      'Proszę odpowiedzieć TAK, aby potwierdzić, albo EDYTUJ, aby coś zmienić.',
    ].join('\n'),
  confirmPrompt: () => 'Proszę odpowiedzieć TAK, aby potwierdzić dane, albo EDYTUJ, aby coś zmienić.',
  askWhichField: () => 'Co zmienić? Proszę odpowiedzieć IMIĘ I NAZWISKO, TELEFON, E-MAIL albo SAMOCHÓD.',
  fieldPrompt: (field) =>
    ({
      name: 'Proszę podać imię i nazwisko z rezerwacji.',
      phone: 'Pod jakim numerem komórkowym najłatwiej o kontakt? Proszę podać numer kierunkowy kraju.',
      email: 'Proszę podać adres e-mail.',
      car: 'Jaki jest numer rejestracyjny samochodu? Jeśli nie będzie samochodu, proszę wpisać BEZ SAMOCHODU.',
    })[field],
  pin: (p) =>
    [
      `Kod do drzwi: ${p.code}`,
      '',
      `Otwiera drzwi wejściowe (${p.propertyName}) i drzwi pokoju (${p.roomName}).`,
      `Przyjazd: ${p.checkInLabel}`,
      `Wyjazd: ${p.checkOutLabel}`,
      'Proszę wpisać kod na klawiaturze i nacisnąć #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Aby zobaczyć kod ponownie, wystarczy w dowolnej chwili odpowiedzieć PIN; jeśli kod nie otwiera drzwi, proszę odpowiedzieć NIE DZIAŁA. Udanego pobytu!',
    ].join('\n'),
  pinRedacted: '[kod ukryty]',
  pinComing: () => 'Zameldowanie zakończone. Kod do drzwi jest prawie gotowy: za chwilę wyślę go w tym czacie.',
  pinDelayed: (contactPhone) =>
    `Przygotowanie kodu do drzwi trwa dłużej niż zwykle. Zespół został powiadomiony i zadba o to, żeby można było wejść; odpowie w tym czacie, można też zadzwonić pod numer ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `Nie udało się automatycznie utworzyć kodu do drzwi. Zespół został powiadomiony i rozwiąże problem; odpowie w tym czacie, można też zadzwonić pod numer ${contactPhone}.`,
  pinHeld: () => 'Dziękuję! Zanim kod do drzwi zostanie wydany, ktoś z zespołu musi sprawdzić dane. Odpowiedź pojawi się wkrótce w tym czacie.',
  pinNotYet: () => 'Kod do drzwi nie jest jeszcze gotowy. Wyślę go w tym czacie, gdy tylko będzie.',
  alreadyConfirmed: () => 'Zameldowanie jest już zakończone. Proszę odpowiedzieć PIN, aby ponownie zobaczyć kod do drzwi, albo POMOC, aby zobaczyć inne możliwości.',
  done: (roomName) =>
    `Zameldowanie zakończone (${roomName}). Proszę odpowiedzieć PIN, aby ponownie zobaczyć kod do drzwi, KONSULTANT, aby skontaktować się z zespołem, albo POMOC, aby zobaczyć inne możliwości. Można też zapytać o Wi-Fi, parking, wymeldowanie lub adres; jeśli kod nie działa, proszę odpowiedzieć NIE DZIAŁA.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Witamy! Kod do drzwi zadziałał; Pana/Pani pokój to ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi: ${wifi.network}`, ...(wifi.password ? [`Hasło: ${wifi.password}`] : [])] : []),
      '',
      'Proszę odpowiedzieć KONSULTANT, jeśli potrzebuje Pan/Pani czegoś od zespołu. Miłego pobytu!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Dzień dobry! Przypominamy, że wymeldowanie z ${roomName} jest dziś o ${checkOutTime}. Dziękujemy za pobyt i życzymy szczęśliwej podróży!`,
  updated: () => 'Zaktualizowano.',
  codeHowTo: () =>
    [
      'Przepraszamy za kłopot! Na klawiaturze:',
      '1. Proszę dotknąć klawiatury dłonią, aby ją wybudzić (cyfry się podświetlą).',
      '2. Proszę wpisać kod.',
      '3. Na końcu proszę nacisnąć # (lub klawisz 🔒).',
      'W razie pomyłki proszę poczekać, aż światło zgaśnie, i zacząć od nowa.',
    ].join('\n'),
  codeNotYetValid: (from) => `Kod zacznie działać: ${from}. Do tego czasu drzwi się nim nie otworzą; proszę spróbować ponownie od tej godziny.`,
  codeChecking: () => 'Sprawdzam też kod na zamkach i za chwilę odpowiem tutaj.',
  codeCheckedOk: () =>
    'Sprawdzone: kod jest zapisany na obu zamkach i aktywny. Oto on ponownie. Jeśli nadal nie działa, proszę odpowiedzieć NIE DZIAŁA, a poproszę o pomoc pracownika.',
  codeReadded: (where) =>
    `Sprawdzone: kodu brakowało (${where}), więc został dodany ponownie. Oto on; proszę spróbować jeszcze raz. Jeśli nadal nie działa, proszę odpowiedzieć NIE DZIAŁA.`,
  codeCheckBusy: () =>
    'Kod jest właśnie aktualizowany na zamkach; wyślę go tutaj, gdy tylko będzie gotowy. Jeśli potem nadal nie będzie działać, proszę odpowiedzieć NIE DZIAŁA.',
  codeCheckFailed: (contactPhone) =>
    `Nie udało się sprawdzić kodu na zamkach, więc zespół został pilnie poproszony o pomoc przy wejściu. Odpowiedź pojawi się tutaj; można też od razu zadzwonić pod numer ${contactPhone}.`,
  codeEscalated: (contactPhone) =>
    `Bardzo przepraszamy. Zespół został pilnie powiadomiony: ktoś pomoże wejść i odpowie tutaj. Można też od razu zadzwonić pod numer ${contactPhone}.`,
  frontDoor: 'drzwi wejściowe',
  wifiInfo: (network, password) => `Sieć Wi-Fi: ${network}\n${password ? `Hasło: ${password}` : 'Hasło nie jest potrzebne.'}`,
  parkingInfo: (text) => `Parkowanie: ${text}`,
  checkOutInfo: (when) => `Wymeldowanie najpóźniej: ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`Adres: ${address}`] : []), ...(mapUrl ? [`Mapa: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Regulamin:\n${text}`,
  infoMissing: (topic) =>
    `Nie mam tutaj tych informacji (${({ wifi: 'Wi-Fi', parking: 'parking', address: 'adres', houseRules: 'regulamin' })[topic]}), więc pytanie zostało przekazane zespołowi. Odpowiedź pojawi się tutaj.`,
  questionForwarded: () => 'Wiadomość została przekazana zespołowi; odpowiedź pojawi się tutaj wkrótce.',
  youreWelcome: () => 'Nie ma za co! W razie potrzeby proszę pisać tutaj.',
  infoHuman: () => 'To nie to, o co chodziło? Proszę wpisać KONSULTANT, a zespół odpowie.',
  infoForwarded: () => 'Wiadomość została też przekazana zespołowi; odpowiedź pojawi się tutaj.',
  codeEnded: (until) =>
    `${until ? `Pobyt się zakończył: kod do drzwi działał do ${until}, więc już ich nie otwiera.` : 'Otrzymaliśmy informację o wyjeździe, więc kod do drzwi jest właśnie wyłączany.'} Jeśli trzeba jeszcze wejść (np. po zapomnianą rzecz), proszę wpisać KONSULTANT, a zespół pomoże.`,
  phoneUnlisted: () => 'Nie mogę potwierdzić tego numeru; może zawierać błąd. Proszę go sprawdzić, a jeśli jest poprawny, wysłać ten sam numer jeszcze raz.',
  stuck: () => 'Przepraszam, mam problem z tą odpowiedzią. Zespół został powiadomiony: proszę wpisać KONSULTANT, aby porozmawiać z człowiekiem, lub spróbować jeszcze raz.',
  botError: () =>
    'Przepraszam, coś poszło nie tak po mojej stronie i nie udało się odczytać ostatniej wiadomości. Zespół został powiadomiony. Proszę wysłać ją ponownie albo wpisać KONSULTANT.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `Zespół ${team}` : 'Zespół'}`,
  editLater: () => 'Najpierw dokończmy pytania; na końcu, w podsumowaniu, można zmienić każdą informację. Aby wrócić do poprzedniego pytania, proszę wpisać WSTECZ.',
  help: () =>
    [
      'Przeprowadzę zameldowanie i wyślę kod do drzwi. Można wpisać:',
      'POMOC - ta wiadomość',
      'WSTECZ - powrót do poprzedniego pytania',
      'EDYTUJ - zmiana danych',
      'PIN - ponowne wyświetlenie kodu do drzwi (po zameldowaniu)',
      'KONSULTANT - rozmowa z człowiekiem',
      'OD NOWA - rozpoczęcie od początku',
      'JĘZYK - zmiana języka',
    ].join('\n'),
  chooseLanguage: () => 'W jakim języku mam pisać?',
  languageChanged: () => 'Dobrze, od teraz będę pisać po polsku.',
  humanRequested: () => 'Zespół został poproszony o dołączenie; ktoś wkrótce odpowie w tym czacie. W międzyczasie można kontynuować ze mną.',
  restarted: () => 'Dobrze, zacznijmy od nowa.',
  cannotGoBack: () => 'To już jest pierwsze pytanie.',
  pleaseType: () => 'Tutaj mogę czytać tylko wiadomości tekstowe. Proszę wpisać odpowiedź.',
  tooFast: () => 'Wiadomości przychodzą szybciej, niż mogę je przeczytać. Proszę odczekać minutę i wysłać odpowiedź ponownie.',
  departure: {
    confirm: () => 'Kod do drzwi przestanie działać za 15 minut. Czy obiekt został już opuszczony? Proszę odpowiedzieć TAK lub NIE.',
    started: () => 'Dziękujemy! Kod do drzwi jest właśnie wyłączany; potwierdzenie pojawi się tu za chwilę.',
    kept: (checkOut) => `Nie ma problemu, nic się nie zmienia: kod do drzwi działa nadal do ${checkOut}.`,
    done: (time) => `Gotowe: kod do drzwi przestaje działać o ${time}. Dziękujemy za pobyt i życzymy szerokiej drogi!`,
    failed: (contactPhone) =>
      `Nie udało się automatycznie wyłączyć kodu do drzwi. Zespół został powiadomiony i się tym zajmie; odpowie w tym czacie, można też zadzwonić pod numer ${contactPhone}.`,
    tooEarly: (checkIn) => `Pobyt jeszcze się nie rozpoczął (zameldowanie: ${checkIn}). Jeśli plany się zmieniły, proszę wpisać KONSULTANT, aby skontaktować się z zespołem.`,
    alreadyEnding: (checkOut) =>
      `Kod do drzwi i tak działa tylko do ${checkOut}, więc nie trzeba nic zmieniać. Dziękujemy za pobyt i życzymy szerokiej drogi!`,
    noted: () => 'Dziękujemy za informację! Przekazaliśmy ją zespołowi. Szerokiej drogi!',
  },
  buttons: {
    confirm: 'Potwierdzam',
    edit: 'Edytuj',
    no_car: 'Bez samochodu',
    use_known_phone: (phone) => `Użyj ${phone}`,
    left_yes: 'Tak, obiekt opuszczony',
    left_no: 'Nie, jeszcze nie',
    edit_name: 'Imię i nazwisko',
    edit_phone: 'Telefon',
    edit_email: 'E-mail',
    edit_car: 'Samochód',
    resend_pin: 'Pokaż kod',
    code_trouble: 'Kod nie działa',
    language: '🌐 Język',
  },
  words: plWords,
  whatsapp: {
    typed: {
      confirm: ['TAK', 'POTWIERDZAM'],
      edit: ['EDYTUJ'],
      no_car: ['BEZ SAMOCHODU'],
      use_known_phone: ['TAK'],
      left_yes: ['TAK'],
      left_no: ['NIE'],
      edit_name: ['IMIĘ I NAZWISKO'],
      edit_phone: ['TELEFON'],
      edit_email: ['E-MAIL'],
      edit_car: ['SAMOCHÓD'],
      resend_pin: ['PIN'],
      code_trouble: ['NIE DZIAŁA'],
      human: ['KONSULTANT'],
      language: ['JĘZYK'],
    },
    numberedHint: (labels) => `Proszę odpowiedzieć: ${labels.map((l, i) => `${i + 1} – ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Udostępnij mój numer telefonu',
    contactPlaceholder: 'Można też wpisać numer, np. +48 512 345 678',
    staleButton: 'Ten przycisk jest już nieaktywny. Proszę użyć najnowszej wiadomości albo wpisać odpowiedź.',
    groupNote:
      'Dzień dobry! Meldunek gości prowadzę pojedynczo, w prywatnym czacie, więc nie odpowiadam w grupach. Proszę otworzyć czat bezpośrednio ze mną (dotknąć mojej nazwy, a potem Start).',
    commands: {
      start: 'Zameldowanie (rozpoczęcie lub kontynuacja)',
      pin: 'Ponowne wyświetlenie kodu do drzwi',
      help: 'Co potrafię',
      human: 'Rozmowa z człowiekiem',
      restart: 'Od nowa, z inną rezerwacją',
      lang: 'Zmiana języka',
    },
  },
};
