import type { EditableField } from '../state.js';
import type { ButtonLabels, TelegramWords, WhatsAppWords } from './catalog.js';
import { enWords } from './en-words.js';
import { otherLanguageNames } from './languages.js';

export interface SummaryFields {
  ref: string;
  /** Only for a chat that proved the booking: until then it learns nothing about it. */
  stay?: { propertyName: string; roomName: string; checkInLabel: string; checkOutLabel: string };
  name: string;
  phone: string;
  email: string;
  car: string | null;
}

/** What a checked-in guest may ask that the host answers in properties.json (`info`). */
export type InfoTopic = 'wifi' | 'parking' | 'address' | 'houseRules';

export interface PinDetails {
  code: string;
  propertyName: string;
  roomName: string;
  checkInLabel: string;
  checkOutLabel: string;
  arrivalInstructions?: string;
}

/**
 * Every sentence a guest can see, every button label, and the words understood. Every other
 * language is an object of this shape (`Messages`), checked by the compiler; that each keeps the
 * placeholders is checked by test/flows/messages/catalogs.test.ts.
 */
export const en = {
  /** Dates and times of the stay, in the property's timezone (src/conversation/context-loader.ts). */
  locale: 'en-GB',
  /** Luxon tokens, read in `locale`: "Fri 27 Nov 2026, 15:00". */
  dateFormat: 'ccc d LLL yyyy, HH:mm',
  welcome: () =>
    `Hi! I'm the check-in assistant. I'll get you your door code in a few quick steps.\n\nWhat's your booking reference? It's in your confirmation email.\n\n🌐 ${otherLanguageNames('en')}: type LANGUAGE.`,
  askRef: () => "What's your booking reference? It's in your confirmation email (for example AB1234).",
  refEmpty: () => "I didn't catch that. Please type your booking reference (for example AB1234).",
  refTooLong: () => "That's longer than a booking reference. Please type just the reference, for example AB1234.",
  refFormat: () =>
    "That doesn't look like a booking reference: it should be letters and digits only, for example AB1234. Please try again.",
  refNotFound: (ref: string) => `I couldn't find a booking with reference ${ref}. Please check your confirmation email and try again.`,
  refGivingUp: () => "I've asked the team to help you; someone will reply here shortly.",
  /** Said the same whether the ref exists or not: looking up is paused, so nothing is learned. */
  lookupsPaused: () => "I can't look up more booking references right now. I've asked the team to help you; someone will reply here shortly.",
  lookupsResumed: () => "You can type your booking reference again now.",
  detailsCheckedAgain: () => 'If any of your details were mistyped, you can correct them now: reply EDIT.',
  bookingCancelled: (ref: string, contactPhone: string) =>
    `Booking ${ref} has been cancelled, so I can't check you in. I've let the team know; please call ${contactPhone} if you think this is a mistake.`,
  claimedElsewhere: (ref: string, contactPhone: string) =>
    `Booking ${ref} has already been checked in from another chat. For your security I can't continue here. I've told the team, who will be in touch; you can also call ${contactPhone}.`,
  blocked: (contactPhone: string | undefined) =>
    `The team is looking into this booking and will reply here.${contactPhone ? ` You can also call ${contactPhone}.` : ''} Type RESTART to use a different booking reference.`,
  /** Whether the booking is active, cancelled or claimed, the chat hears the same until it proves it. */
  refAccepted: () => "Thanks. What's the full name on the booking?",
  reassigned: () => 'The team is now handling this booking and will be in touch here.',
  bookingFreed: () => 'Good news: the team has sorted out your booking, so we can carry on.',
  askName: () => "What's the full name on the booking?",
  nameEmpty: () => "I didn't catch that. What's the full name on the booking?",
  nameInvalid: () => 'Please type your name using letters only, for example Jane Smith.',
  nameTooLong: () => 'That is too long for a name. Please type your first and last name.',
  askPhone: (known: string | undefined) =>
    known
      ? `Is ${known} the best number to reach you during your stay? Reply YES, or type another number.`
      : "What's the best mobile number to reach you during your stay? Please include the country code, for example +44 7400 123456.",
  phoneInvalid: () => "That doesn't look like a phone number. Please type it with the country code, for example +44 7400 123456.",
  phoneNeedsCountry: () => 'Please add the country code to the number, for example +44 7400 123456.',
  phoneEmpty: () => "I didn't catch that. What's the best mobile number to reach you?",
  askEmail: () => "What's your email address?",
  emailInvalid: () => "That doesn't look like an email address. Please check it and try again, for example jane@example.com.",
  emailEmpty: () => "I didn't catch that. What's your email address?",
  tooLong: () => 'That message is too long. Please send just the answer.',
  askCar: (settingUp: boolean) =>
    `${settingUp ? 'Thanks, your door code is being set up now.' : 'Thanks.'}\n\nWill you bring a car? Type the registration (for example AB12 CDE), or NO CAR if you won't.`,
  askCarAgain: () => 'What is the car registration? Type NO CAR if you will not bring one.',
  carInvalid: () => "That doesn't look like a registration. Please type letters and digits only (for example AB12 CDE), or NO CAR.",
  summary: (s: SummaryFields) =>
    [
      'Please check your details:',
      ...(s.stay ? [`Booking: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Stay: ${s.stay.checkInLabel} to ${s.stay.checkOutLabel}`] : [`Booking: ${s.ref}`]),
      `Name: ${s.name}`,
      `Phone: ${s.phone}`,
      `Email: ${s.email}`,
      `Car: ${s.car ?? 'no car'}`,
      '',
      'Reply YES to confirm, or EDIT to change something.',
    ].join('\n'),
  confirmPrompt: () => 'Reply YES to confirm your details, or EDIT to change something.',
  askWhichField: () => 'What would you like to change? Reply NAME, PHONE, EMAIL or CAR.',
  fieldPrompt: (field: EditableField) =>
    ({
      name: "What's the full name on the booking?",
      phone: "What's the best mobile number to reach you? Please include the country code.",
      email: "What's your email address?",
      car: 'What is the car registration? Type NO CAR if you will not bring one.',
    })[field],
  pin: (p: PinDetails) =>
    [
      `Your door code is ${p.code}`,
      '',
      `It opens the front door of ${p.propertyName} and ${p.roomName} from ${p.checkInLabel} to ${p.checkOutLabel}. Type the code on the keypad, then press #.`,
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      "Reply PIN any time to see it again, or NOT WORKING if the code doesn't open the door. Enjoy your stay!",
    ].join('\n'),
  pinRedacted: '[door code hidden]',
  pinComing: () => "You're all checked in. Your door code is nearly ready: I'll send it here in a moment.",
  pinDelayed: (contactPhone: string) =>
    `Setting up your door code is taking longer than usual. The team has been told and will make sure you can get in; they'll reply here, or call ${contactPhone}.`,
  pinFailed: (contactPhone: string) =>
    `I couldn't set up your door code automatically. The team has been told and will sort it out for you; they'll reply here, or call ${contactPhone}.`,
  pinHeld: () => "Thanks! One of the team needs to check your details before your door code is released. They'll reply here shortly.",
  pinNotYet: () => "Your door code isn't ready yet. I'll send it here as soon as it is.",
  alreadyConfirmed: () => "You're already checked in. Reply PIN to see your door code again, or HELP for options.",
  done: (roomName: string) =>
    `You're checked in to ${roomName}. Reply PIN to see your door code again, HUMAN to reach the team, or HELP for options. You can also ask me about the Wi-Fi, parking, check-out or the address; if the code doesn't work, reply NOT WORKING.`,
  arrivalWelcome: (roomName: string, wifi?: { network: string; password: string }) =>
    [
      `Welcome! Your door code has let you in; you're staying in ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi: ${wifi.network}`, ...(wifi.password ? [`Password: ${wifi.password}`] : [])] : []),
      '',
      'Reply HUMAN if you need anything from the team. Enjoy your stay!',
    ].join('\n'),
  checkoutReminder: (checkOutTime: string, roomName: string) =>
    `Good morning! A reminder that check-out from ${roomName} is today at ${checkOutTime}. Thank you for staying with us, and have a safe journey!`,
  updated: () => 'Updated.',
  /** "The code doesn't work": how a TTLock keypad takes a code. */
  codeHowTo: () =>
    [
      "Sorry about that! On the keypad:",
      '1. Touch the keypad with your palm to wake it up (the digits light up).',
      '2. Type your code.',
      '3. Press # (or the 🔒 key) at the end.',
      'If you mistype, wait until the light goes off and start again.',
    ].join('\n'),
  /** `from`: when the code starts to open the doors, in the property's time. */
  codeNotYetValid: (from: string) => `Your code starts working on ${from}. Until then the door won't open with it; please try again from that time.`,
  codeChecking: () => "I'm also checking your code on the locks now and will tell you here in a moment.",
  codeCheckedOk: () => "I've checked: your code is on both locks and active. Here it is again. If it still doesn't work, reply NOT WORKING and I'll get a person to help.",
  /** `where`: the locks the code was missing from ("the front door and Room 3"). */
  codeReadded: (where: string) =>
    `I've checked: your code was missing from ${where}, so I've put it back. Here it is again; please try once more. If it still doesn't work, reply NOT WORKING.`,
  codeCheckBusy: () => "Your code is being updated on the locks right now; I'll send it here as soon as it's ready. If it still doesn't work then, reply NOT WORKING.",
  codeCheckFailed: (contactPhone: string) =>
    `I couldn't check your code on the locks, so I've asked the team urgently to help you get in. They'll reply here; you can also call ${contactPhone} now.`,
  codeEscalated: (contactPhone: string) =>
    `I'm sorry. I've asked the team urgently: someone will help you get in and will reply here. You can also call ${contactPhone} now.`,
  /** How the front-door lock is named in `codeReadded` (a room is named by its own name). */
  frontDoor: 'the front door',
  wifiInfo: (network: string, password: string) => `Wi-Fi network: ${network}\n${password ? `Password: ${password}` : 'No password is needed.'}`,
  parkingInfo: (text: string) => `Parking: ${text}`,
  checkOutInfo: (when: string) => `Check-out is by ${when}.`,
  addressInfo: (address: string | undefined, mapUrl: string | undefined) =>
    [...(address ? [`The address is: ${address}`] : []), ...(mapUrl ? [`Map: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text: string) => `House rules:\n${text}`,
  /** The host gave no answer for this: the question went to the team. */
  infoMissing: (topic: InfoTopic) =>
    `I don't have ${({ wifi: 'the Wi-Fi details', parking: 'parking information', address: 'the address', houseRules: 'the house rules' })[topic]} here, so I've passed your question to the team. They'll answer you here.`,
  questionForwarded: () => "I've passed your message to the team; they'll answer you here shortly.",
  youreWelcome: () => "You're welcome! Just write here if you need anything.",
  /** Ends every property answer: the stored text may not be what the guest meant. */
  infoHuman: () => 'Not what you asked? Reply HUMAN and the team will answer.',
  /** Ends a property answer to a request or a problem ("a late check-out?", "the Wi-Fi is slow"): staff were asked too. */
  infoForwarded: () => "I've also passed your message to the team; they'll reply here.",
  /** The code is asked for, or said not to work, after the stay ended; `until`: when it stopped (unset: being ended now). */
  codeEnded: (until?: string) =>
    `${until ? `Your stay is over: your door code worked until ${until}, so it no longer opens the door.` : "You've told us you have left, so your door code is being ended."} If you still need to get in (a forgotten item, say), reply HUMAN and the team will help.`,
  /** The phone library does not know the number's range (it lags new allocations): the same number again is accepted. */
  phoneUnlisted: () => "I can't confirm that number; it may be mistyped. Please check it, and if it's right, just send the same number again.",
  /** Three answers in a row that could not be used: a person is offered instead of the same question again. */
  stuck: () => "Sorry, I'm having trouble with this answer. I've let the team know: type HUMAN to talk to a person, or try once more.",
  botError: () => "Sorry, something went wrong on my side and I couldn't read your last message. The team has been told. Please send it again, or type HUMAN.",
  /** A staff member's words, relayed as the property team. */
  fromStaff: (text: string, team: string | undefined) => `${text}\n\n- ${team ? `${team} team` : 'The team'}`,
  editLater: () => "Let's finish the questions first; you can change any detail on the summary at the end. Type BACK to go back one question.",
  help: () =>
    [
      "I'll check you in and send your door code. You can type:",
      'HELP - this message',
      'BACK - go back one question',
      'EDIT - change a detail',
      'PIN - see your door code again (after check-in)',
      'HUMAN - talk to a person',
      'RESTART - start again',
      'LANGUAGE - change the language',
    ].join('\n'),
  chooseLanguage: () => 'Which language would you like me to use?',
  languageChanged: () => "OK, I'll write in English from now on.",
  humanRequested: () => "I've asked the team to join; someone will reply here shortly. You can carry on with me meanwhile.",
  restarted: () => "OK, let's start again.",
  cannotGoBack: () => "We're at the first question already.",
  pleaseType: () => "I can only read typed messages here. Please type your answer.",
  /** Sent once when a chat goes over the inbound flood limit; what it sends after that is dropped. */
  tooFast: () => "You're sending messages faster than I can read them. Please wait a minute, then send your answer again.",
  /** The guest says they have left (checkin/departure.ts); `time` is the code's end on the property's clock ("10:47"). */
  departure: {
    confirm: () => 'Your door code will stop working in 15 minutes. Have you left? Reply YES or NO.',
    started: () => "Thank you! I'm ending your door code now and will confirm here in a moment.",
    kept: (checkOut: string) => `No problem, nothing changes: your door code keeps working until ${checkOut}.`,
    done: (time: string) => `All done: your door code stops working at ${time}. Thank you for staying with us, and safe travels!`,
    failed: (contactPhone: string) =>
      `I couldn't end your door code automatically. The team has been told and will take care of it; they'll reply here, or call ${contactPhone}.`,
    tooEarly: (checkIn: string) => `Your stay hasn't started yet: check-in is ${checkIn}. If your plans have changed, type HUMAN to reach the team.`,
    alreadyEnding: (checkOut: string) =>
      `Your door code only works until ${checkOut} anyway, so there's nothing to change. Thank you for staying with us, and safe travels!`,
    noted: () => "Thank you for letting us know! I've passed it on to the team. Safe travels!",
  },
  buttons: {
    confirm: 'Confirm',
    edit: 'Edit',
    no_car: 'No car',
    use_known_phone: (phone: string) => `Use ${phone}`,
    left_yes: "Yes, I've left",
    left_no: 'No, not yet',
    edit_name: 'Name',
    edit_phone: 'Phone',
    edit_email: 'Email',
    edit_car: 'Car',
    resend_pin: 'Show my code',
    code_trouble: "The code doesn't work",
    language: '🌐 Language',
  } satisfies ButtonLabels,
  /** What the guest may type that the flow understands (commands, detail names, "no car"). */
  words: enWords,
  whatsapp: {
    typed: {
      confirm: ['YES', 'CONFIRM'],
      edit: ['EDIT', 'CHANGE'],
      no_car: ['NO CAR'],
      use_known_phone: ['YES'],
      left_yes: ['YES'],
      left_no: ['NO'],
      edit_name: ['NAME'],
      edit_phone: ['PHONE'],
      edit_email: ['EMAIL'],
      edit_car: ['CAR'],
      resend_pin: ['PIN'],
      code_trouble: ['NOT WORKING'],
      human: ['HUMAN'],
      language: ['LANGUAGE'],
    },
    numberedHint: (labels) => `Reply ${labels.map((l, i) => `${i + 1} for ${l}`).join(', ')}.`,
  } satisfies WhatsAppWords as WhatsAppWords,
  telegram: {
    shareContactButton: 'Share my phone number',
    contactPlaceholder: 'Or type your number, e.g. +44 7400 123456',
    staleButton: "That button isn't active any more. Please use the latest message, or type your answer.",
    groupNote:
      "Hi! I check guests in one at a time, in a private chat, so I don't answer in groups. Please open a chat with me directly (tap my name, then Start).",
    commands: {
      start: 'Check in (start or continue)',
      pin: 'Show my door code again',
      help: 'What I can do',
      human: 'Talk to a person',
      restart: 'Start again with another booking',
      lang: 'Change the language',
    },
  } satisfies TelegramWords as TelegramWords,
};

/** The shape every language has: strings, not these strings (hence no `as const` above). */
export type Messages = typeof en;
