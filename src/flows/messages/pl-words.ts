/** What a Polish-speaking guest may type that the flow understands (shape and matching rules: catalog.ts; patterns are folded: "ę" is "e", "ł" is "l"). */
import type { IntentField } from '../parse/intent.js';
import type { Words } from './catalog.js';

const WANT = String.raw`(?:(?:chce|chcialbym|chcialabym|musze|moge|prosze) )?`;
const DET = String.raw`(?:(?:moj|moje|moja|moja|mojego|ten|to) )?`;
const CODE = String.raw`(?:kod|kodu|pin|pinu)(?: do drzwi| dostepu)?`;
const WRONG = String.raw`(?:bledny|bledne|bledna|zly|zle|zla|niepoprawny|niepoprawne|niepoprawna)`;

export const plWords: Words = {
  afterCheckin: {
    codeTrouble:
      /\b(?:kod|pin|haslo|drzwi|zamek|klawiatura)\b.*\b(?:zly|bledny|nieprawidlowy|odrzucony|czerwon\w*)\b|\bnie (?:moge|mozemy) (?:wejsc|dostac sie do srodka)\b/,
    notWorking: /\bnie\s+(?:\S+\s+)?(?:dziala|dzialaja|otwiera|otwieraja|przyjmuje)\b|\bnie (?:moge|mozemy) otworzyc\b|\b(?:zepsut\w*|popsut\w*)\b/,
    entry: /\b(?:drzwi|zamek|zamka|klawiatura|klawiatury|wejscie|brama|bramy|klucz|wejsc)\b/,
    code: /\b(?:kod|kodu|pin|pinu|haslo)\b/,
    bare: /^(?:(?:dzien dobry|czesc|nadal|dalej|wciaz|to|ale|przepraszam|pomocy)\s+)*nie\s+(?:juz\s+|nadal\s+)?(?:dziala|otwiera)(?:\s+(?:nadal|dalej|wciaz|juz))*$/,
    wifi: /\b(?:wi-?fi|wlan|internet|siec|router)\b/,
    password: /\bhaslo\b/,
    request:
      /\b(?:pozno|pozniej|pozny|pozne|pozniejsze|wczesniej|wczesnie|przedluzyc|przedluzenie|kolejna noc|bagaz|bagaze|bagazu|walizki|walizka|walizek|wolno dziala|dziala wolno|bardzo wolny|bardzo wolne|zresetowac|zrestartowac|odholowan\w*|mandat|czy mozemy|czy moglibysmy|czy jest mozliwe|czy byloby mozliwe)\b/,
    parking: /\b(?:parking|parkowac|parkowanie|zaparkowac|garaz)\b/,
    checkOut: /\b(?:check-?out|wymeldowanie|wyjazd|godzina wyjazdu)\b/,
    address: /\b(?:adres|lokalizacja|mapa|dojazd|jak dojechac|jak trafic)\b|\bgdzie jest (?:apartament|mieszkanie|budynek|dom|hotel|wejscie)\b/,
    houseRules: /\b(?:regulamin|zasady|palenie|palic|zwierzeta|halas|impreza|imprezy)\b/,
    thanks: /^(?:dziekuje(?: bardzo)?|dzieki|dziekujemy|super|swietnie|dobrze|w porzadku)(?:[\s,!.]+(?:dziekuje(?: bardzo)?|dzieki|super))*$/,
  },
  intent: {
    phrases: {
      help: ['pomoc', 'pomocy', 'pomóż', 'pomóżcie', 'potrzebuję pomocy', 'menu', 'co mam zrobić', 'jak to działa'],
      restart: ['od nowa', 'zacznij od nowa', 'zacznijmy od nowa', 'od początku', 'restart', 'reset'],
      human: ['konsultant', 'człowiek', 'osoba', 'recepcja', 'obsługa', 'pracownik', 'proszę zadzwonić', 'zadzwońcie', 'kierownik'],
      back: ['wstecz', 'cofnij', 'wróć', 'poprzednie pytanie', 'powrót'],
      yes: ['tak', 'ok', 'okej', 'dobrze', 'zgadza się', 'potwierdzam', 'potwierdź', 'poprawnie', 'wszystko się zgadza', 'jasne', 'oczywiście', 'tak jest', 'tak, dziękuję'],
      no: ['nie', 'źle', 'błąd', 'niepoprawnie', 'nie zgadza się', 'to nie tak'],
      resend: ['pin', 'kod', 'mój kod', 'kod do drzwi', 'kod dostępu', 'wyślij kod', 'pokaż kod'],
      edit: ['edytuj', 'zmień', 'popraw', 'edycja', 'zmiana', 'korekta'],
      language: ['język', 'języki', 'zmień język', 'zmiana języka', 'inny język'],
    },
    // Polish changes its nouns after a verb: "zmienić rejestrację", "poprawić komórkę".
    fields: new Map<string, IntentField>([
      ['imię', 'name'],
      ['nazwisko', 'name'],
      ['imię i nazwisko', 'name'],
      ['telefon', 'phone'],
      ['numer', 'phone'],
      ['numer telefonu', 'phone'],
      ['komórka', 'phone'],
      ['komórkę', 'phone'],
      ['numer komórki', 'phone'],
      ['e-mail', 'email'],
      ['email', 'email'],
      ['mail', 'email'],
      ['maila', 'email'],
      ['adres e-mail', 'email'],
      ['samochód', 'car'],
      ['auto', 'car'],
      ['rejestracja', 'car'],
      ['rejestrację', 'car'],
      ['numer rejestracyjny', 'car'],
      ['tablica rejestracyjna', 'car'],
      ['tablicę rejestracyjną', 'car'],
      ['pojazd', 'car'],
    ]),
    edit: [
      new RegExp(String.raw`^${WANT}(?:zmienic|poprawic|edytowac|zmien|popraw|edytuj) ${DET}(.+)$`),
      new RegExp(String.raw`^${DET}(.+?) (?:jest )?${WRONG}$`),
      new RegExp(String.raw`^${WRONG} (.+)$`),
    ],
    human: /^(?:(?:chce|chcialbym|chcialabym|moge|prosze o) )?(?:porozmawiac|rozmawiac|rozmowe|rozmowa|kontakt) z (?:czlowiekiem|konsultantem|kims|osoba|recepcja|obsluga|pracownikiem|zespolem)$/,
    resend: [
      new RegExp(String.raw`^(?:wyslij|przeslij|wyslijcie|wyslac|przeslac|pokaz)(?: mi)?(?: ponownie| jeszcze raz)? ${DET}${CODE}(?: ponownie| jeszcze raz)?$`),
      new RegExp(String.raw`^(?:jaki jest|gdzie jest) ${DET}${CODE}$`),
      new RegExp(String.raw`^(?:zgubilem|zgubilam|zapomnialem|zapomnialam|nie moge znalezc) ${DET}${CODE}$`),
    ],
    polite: /^(?:prosze|poprosze) | (?:prosze|poprosze|dziekuje)$/g,
  },
  fieldWords: {
    imię: 'name',
    nazwisko: 'name',
    'imię i nazwisko': 'name',
    telefon: 'phone',
    numer: 'phone',
    komórka: 'phone',
    'e-mail': 'email',
    email: 'email',
    mail: 'email',
    samochód: 'car',
    auto: 'car',
    rejestracja: 'car',
    tablica: 'car',
    pojazd: 'car',
  },
  noCar: new Set([
    'nie',
    'bez samochodu',
    'bez auta',
    'brak',
    'brak samochodu',
    'nie mam samochodu',
    'nie mam auta',
    'nie przyjadę samochodem',
    'nie przyjedziemy samochodem',
    'nie, dziękuję',
    'nie dziękuję',
    'żaden',
    'pieszo',
    'n/a',
    '-',
    '🚫',
  ]),
  left: [
    /^(?:(?:dzien dobry|czesc|ok) )*(?:juz )?(?:wyjechalem|wyjechalam|wyjechalismy|wyjechalysmy|(?:wyszedlem|wyszlam|wyszlismy|wyszlysmy) z (?:apartamentu|mieszkania|pokoju|obiektu)|wymeldowalem sie|wymeldowalam sie|wymeldowalismy sie|(?:opuscilem|opuscilam|opuscilismy|opuscilysmy) (?:apartament|mieszkanie|pokoj|obiekt))(?: juz)?(?: (?:dziekuje|dziekujemy)(?: za wszystko)?)?$/,
    /^juz nas nie ma$/,
  ],
  refLabel: /^(?:numer rezerwacji|nr rezerwacji|rezerwacja|rezerwacji|ref)(?:\s*:\s*|\s+)/i,
};
