import type { Messages } from './en.js';
import { esWords } from './es-words.js';
import { otherLanguageNames } from './languages.js';

/** Spanish, tú: friendly and polite, as Spanish hospitality apps write. */
export const es: Messages = {
  locale: 'es-ES',
  dateFormat: "EEEE d 'de' MMMM 'de' yyyy, HH:mm",
  welcome: () =>
    `¡Hola! Soy el asistente de check-in. En unos pocos pasos tendrás el código de acceso.\n\n¿Cuál es tu número de reserva? Lo encontrarás en el email de confirmación.\n\n🌐 ${otherLanguageNames('es')}: escribe IDIOMA.`,
  askRef: () => '¿Cuál es tu número de reserva? Lo encontrarás en el email de confirmación (por ejemplo, AB1234).',
  refEmpty: () => 'No lo he entendido. Escribe tu número de reserva (por ejemplo, AB1234).',
  refTooLong: () => 'Es demasiado largo para un número de reserva. Escribe solo el número, por ejemplo AB1234.',
  refFormat: () => 'Eso no parece un número de reserva: solo lleva letras y cifras, por ejemplo AB1234. Inténtalo de nuevo.',
  refNotFound: (ref) => `No encuentro ninguna reserva con el número ${ref}. Revisa el email de confirmación e inténtalo de nuevo.`,
  refGivingUp: () => 'He pedido ayuda al equipo; alguien te responderá aquí en breve.',
  lookupsPaused: () => 'Ahora mismo no puedo buscar más reservas. He pedido ayuda al equipo; alguien te responderá aquí en breve.',
  lookupsResumed: () => 'Ya puedes volver a escribir tu número de reserva.',
  detailsCheckedAgain: () => 'Si escribiste mal algún dato, ahora puedes corregirlo: responde EDITAR.',
  bookingCancelled: (ref, contactPhone) =>
    `La reserva ${ref} está cancelada, así que no puedo hacer el check-in. He avisado al equipo; si crees que es un error, llama al ${contactPhone}.`,
  claimedElsewhere: (ref, contactPhone) =>
    `El check-in de la reserva ${ref} ya se hizo desde otro chat. Por tu seguridad, no puedo continuar aquí. He avisado al equipo, que se pondrá en contacto contigo; también puedes llamar al ${contactPhone}.`,
  blocked: (contactPhone) =>
    `El equipo está revisando esta reserva y te responderá aquí.${contactPhone ? ` También puedes llamar al ${contactPhone}.` : ''} Escribe REINICIAR para usar otro número de reserva.`,
  refAccepted: () => 'Gracias. ¿Cuál es el nombre completo que figura en la reserva?',
  reassigned: () => 'Ahora el equipo se encarga de esta reserva y se pondrá en contacto contigo aquí.',
  bookingFreed: () => 'Buenas noticias: el equipo ha resuelto lo de tu reserva, así que podemos continuar.',
  askName: () => '¿Cuál es el nombre completo que figura en la reserva?',
  nameEmpty: () => 'No lo he entendido. ¿Cuál es el nombre completo que figura en la reserva?',
  nameInvalid: () => 'Escribe tu nombre solo con letras, por ejemplo Ana García.',
  nameTooLong: () => 'Es demasiado largo para un nombre. Escribe tu nombre y apellidos.',
  askPhone: (known) =>
    known
      ? `¿Es el ${known} el mejor número para contactarte durante tu estancia? Responde SÍ o escribe otro número.`
      : '¿Cuál es el mejor número de móvil para contactarte durante tu estancia? Incluye el prefijo del país, por ejemplo +34 612 345 678.',
  phoneInvalid: () => 'Eso no parece un número de teléfono. Escríbelo con el prefijo del país, por ejemplo +34 612 345 678.',
  phoneNeedsCountry: () => 'Añade el prefijo del país al número, por ejemplo +34 612 345 678.',
  phoneEmpty: () => 'No lo he entendido. ¿Cuál es el mejor número de móvil para contactarte?',
  askEmail: () => '¿Cuál es tu dirección de email?',
  emailInvalid: () => 'Eso no parece una dirección de email. Revísala e inténtalo de nuevo, por ejemplo ana@example.com.',
  emailEmpty: () => 'No lo he entendido. ¿Cuál es tu dirección de email?',
  tooLong: () => 'Ese mensaje es demasiado largo. Envía solo la respuesta.',
  askCar: (settingUp) =>
    `${settingUp ? 'Gracias, ya estamos preparando tu código de acceso.' : 'Gracias.'}\n\n¿Vendrás en coche? Escribe la matrícula (por ejemplo, 1234 ABC) o SIN COCHE si no.`,
  askCarAgain: () => '¿Cuál es la matrícula del coche? Escribe SIN COCHE si no vas a venir en coche.',
  carInvalid: () => 'Eso no parece una matrícula. Escribe solo letras y cifras (por ejemplo, 1234 ABC) o SIN COCHE.',
  summary: (s) =>
    [
      'Revisa tus datos:',
      ...(s.stay ? [`Reserva: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Entrada: ${s.stay.checkInLabel}`, `Salida: ${s.stay.checkOutLabel}`] : [`Reserva: ${s.ref}`]),
      `Nombre: ${s.name}`,
      `Teléfono: ${s.phone}`,
      `Email: ${s.email}`,
      `Coche: ${s.car ?? 'sin coche'}`,
      '',
      'Responde SÍ para confirmar o EDITAR para cambiar algo.',
    ].join('\n'),
  confirmPrompt: () => 'Responde SÍ para confirmar tus datos o EDITAR para cambiar algo.',
  askWhichField: () => '¿Qué quieres cambiar? Responde NOMBRE, TELÉFONO, EMAIL o COCHE.',
  fieldPrompt: (field) =>
    ({
      name: '¿Cuál es el nombre completo que figura en la reserva?',
      phone: '¿Cuál es el mejor número de móvil para contactarte? Incluye el prefijo del país.',
      email: '¿Cuál es tu dirección de email?',
      car: '¿Cuál es la matrícula del coche? Escribe SIN COCHE si no vas a venir en coche.',
    })[field],
  pin: (p) =>
    [
      `Tu código de acceso es ${p.code}`,
      '',
      `Abre la puerta principal de ${p.propertyName} y la de ${p.roomName}.`,
      `Entrada: ${p.checkInLabel}`,
      `Salida: ${p.checkOutLabel}`,
      'Escribe el código en el teclado y pulsa #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Responde PIN cuando quieras para volver a verlo, o NO FUNCIONA si el código no abre la puerta. ¡Disfruta de tu estancia!',
    ].join('\n'),
  pinRedacted: '[código oculto]',
  pinComing: () => 'Check-in completado. Tu código de acceso está casi listo: te lo enviaré aquí en un momento.',
  pinDelayed: (contactPhone) =>
    `Preparar tu código de acceso está tardando más de lo normal. El equipo ya está avisado y se asegurará de que puedas entrar; te responderá aquí, o puedes llamar al ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `No he podido crear tu código de acceso automáticamente. El equipo ya está avisado y lo solucionará; te responderá aquí, o puedes llamar al ${contactPhone}.`,
  pinHeld: () => '¡Gracias! Alguien del equipo tiene que revisar tus datos antes de enviarte el código de acceso. Te responderá aquí en breve.',
  pinNotYet: () => 'Tu código de acceso aún no está listo. Te lo enviaré aquí en cuanto lo esté.',
  alreadyConfirmed: () => 'Ya has hecho el check-in. Responde PIN para volver a ver tu código de acceso o AYUDA para ver las opciones.',
  done: (roomName) =>
    `Ya has hecho el check-in en ${roomName}. Responde PIN para volver a ver tu código de acceso, HUMANO para hablar con el equipo o AYUDA para ver las opciones. También puedes preguntarme por el wifi, el aparcamiento, la salida o la dirección; si el código no funciona, responde NO FUNCIONA.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `¡Bienvenido! Tu código de acceso ya te ha dejado entrar; te alojas en ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi: ${wifi.network}`, ...(wifi.password ? [`Contraseña: ${wifi.password}`] : [])] : []),
      '',
      'Responde HUMANO si necesitas algo del equipo. ¡Disfruta de tu estancia!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `¡Buenos días! Te recordamos que la salida de ${roomName} es hoy a las ${checkOutTime}. Gracias por alojarte con nosotros y ¡buen viaje!`,
  updated: () => 'Actualizado.',
  codeHowTo: () =>
    [
      '¡Vaya, lo siento! En el teclado:',
      '1. Toca el teclado con la palma de la mano para activarlo (se iluminan los números).',
      '2. Escribe tu código.',
      '3. Pulsa # (o la tecla 🔒) al final.',
      'Si te equivocas, espera a que se apague la luz y empieza de nuevo.',
    ].join('\n'),
  codeNotYetValid: (from) => `Tu código empieza a funcionar el ${from}. Hasta entonces la puerta no se abrirá con él; vuelve a intentarlo a partir de esa hora.`,
  codeChecking: () => 'Además, estoy comprobando tu código en las cerraduras ahora mismo; te lo cuento aquí en un momento.',
  codeCheckedOk: () => 'Lo he comprobado: tu código está en las dos cerraduras y activo. Aquí lo tienes de nuevo. Si sigue sin funcionar, responde NO FUNCIONA y avisaré a una persona para que te ayude.',
  codeReadded: (where) =>
    `Lo he comprobado: tu código no estaba en ${where}, así que lo he vuelto a añadir. Aquí lo tienes de nuevo; inténtalo otra vez. Si sigue sin funcionar, responde NO FUNCIONA.`,
  codeCheckBusy: () => 'Tu código se está actualizando en las cerraduras ahora mismo; te lo enviaré aquí en cuanto esté listo. Si después sigue sin funcionar, responde NO FUNCIONA.',
  codeCheckFailed: (contactPhone) =>
    `No he podido comprobar tu código en las cerraduras, así que he pedido al equipo con urgencia que te ayude a entrar. Te responderán aquí; también puedes llamar ahora al ${contactPhone}.`,
  codeEscalated: (contactPhone) =>
    `Lo siento mucho. He avisado al equipo con urgencia: alguien te ayudará a entrar y te responderá aquí. También puedes llamar ahora al ${contactPhone}.`,
  frontDoor: 'la puerta principal',
  wifiInfo: (network, password) => `Red wifi: ${network}\n${password ? `Contraseña: ${password}` : 'No hace falta contraseña.'}`,
  parkingInfo: (text) => `Aparcamiento: ${text}`,
  checkOutInfo: (when) => `La salida es como muy tarde el ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`La dirección es: ${address}`] : []), ...(mapUrl ? [`Mapa: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Normas de la casa:\n${text}`,
  infoMissing: (topic) =>
    `No tengo aquí ${({ wifi: 'los datos del wifi', parking: 'información sobre el aparcamiento', address: 'la dirección', houseRules: 'las normas de la casa' })[topic]}, así que he pasado tu pregunta al equipo. Te responderán aquí.`,
  questionForwarded: () => 'He pasado tu mensaje al equipo; te responderán aquí en breve.',
  youreWelcome: () => '¡De nada! Escríbeme aquí si necesitas cualquier cosa.',
  infoHuman: () => '¿No era esto lo que preguntabas? Escribe HUMANO y el equipo te responderá.',
  infoForwarded: () => 'También he pasado tu mensaje al equipo; te responderán aquí.',
  codeEnded: (until) =>
    `${until ? `Tu estancia ha terminado: tu código de acceso funcionaba hasta ${until}, así que ya no abre la puerta.` : 'Nos has dicho que ya te has ido, así que tu código de acceso se está desactivando.'} Si aún necesitas entrar (por algo olvidado, por ejemplo), escribe HUMANO y el equipo te ayudará.`,
  phoneUnlisted: () => 'No puedo confirmar ese número; puede que tenga algún error. Revísalo y, si es correcto, vuelve a enviar el mismo número.',
  stuck: () => 'Lo siento, estoy teniendo problemas con esta respuesta. He avisado al equipo: escribe HUMANO para hablar con una persona, o inténtalo una vez más.',
  botError: () => 'Lo siento, algo ha fallado por mi parte y no he podido leer tu último mensaje. El equipo ya está avisado. Vuelve a enviarlo o escribe HUMANO.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `El equipo de ${team}` : 'El equipo'}`,
  editLater: () => 'Terminemos primero las preguntas; al final podrás cambiar cualquier dato en el resumen. Escribe ATRÁS para volver a la pregunta anterior.',
  help: () =>
    [
      'Haré tu check-in y te enviaré el código de acceso. Puedes escribir:',
      'AYUDA - este mensaje',
      'ATRÁS - volver a la pregunta anterior',
      'EDITAR - cambiar un dato',
      'PIN - volver a ver tu código de acceso (después del check-in)',
      'HUMANO - hablar con una persona',
      'REINICIAR - empezar de nuevo',
      'IDIOMA - cambiar de idioma',
    ].join('\n'),
  chooseLanguage: () => '¿En qué idioma prefieres que te escriba?',
  languageChanged: () => 'De acuerdo, a partir de ahora te escribiré en español.',
  humanRequested: () => 'He pedido al equipo que se una; alguien te responderá aquí en breve. Mientras tanto, puedes seguir conmigo.',
  restarted: () => 'De acuerdo, empecemos de nuevo.',
  cannotGoBack: () => 'Ya estamos en la primera pregunta.',
  pleaseType: () => 'Aquí solo puedo leer mensajes de texto. Escribe tu respuesta.',
  tooFast: () => 'Estás enviando mensajes más rápido de lo que puedo leerlos. Espera un minuto y vuelve a enviar tu respuesta.',
  departure: {
    confirm: () => 'Tu código de acceso dejará de funcionar en 15 minutos. ¿Ya te has ido? Responde SÍ o NO.',
    started: () => '¡Gracias! Estoy desactivando tu código de acceso; te lo confirmo aquí en un momento.',
    kept: (checkOut) => `Sin problema, no cambia nada: tu código de acceso sigue funcionando hasta el ${checkOut}.`,
    done: (time) => `Listo: tu código de acceso deja de funcionar a las ${time}. ¡Gracias por alojarte con nosotros y buen viaje!`,
    failed: (contactPhone) =>
      `No he podido desactivar tu código de acceso automáticamente. El equipo ya está avisado y se encargará; te responderá aquí, o puedes llamar al ${contactPhone}.`,
    tooEarly: (checkIn) => `Tu estancia aún no ha empezado: el check-in es el ${checkIn}. Si tus planes han cambiado, escribe HUMANO para hablar con el equipo.`,
    alreadyEnding: (checkOut) =>
      `Tu código de acceso solo funciona hasta el ${checkOut}, así que no hay nada que cambiar. ¡Gracias por alojarte con nosotros y buen viaje!`,
    noted: () => '¡Gracias por avisarnos! Se lo he pasado al equipo. ¡Buen viaje!',
  },
  buttons: {
    confirm: 'Confirmar',
    edit: 'Editar',
    no_car: 'Sin coche',
    use_known_phone: (phone) => `Usar ${phone}`,
    left_yes: 'Sí, ya me fui',
    left_no: 'No, todavía no',
    edit_name: 'Nombre',
    edit_phone: 'Teléfono',
    edit_email: 'Email',
    edit_car: 'Coche',
    resend_pin: 'Ver mi código',
    code_trouble: 'El código no funciona',
    language: '🌐 Idioma',
  },
  words: esWords,
  whatsapp: {
    typed: {
      confirm: ['SÍ', 'CONFIRMAR'],
      edit: ['EDITAR', 'CAMBIAR'],
      no_car: ['SIN COCHE'],
      use_known_phone: ['SÍ'],
      left_yes: ['SÍ'],
      left_no: ['NO'],
      edit_name: ['NOMBRE'],
      edit_phone: ['TELÉFONO'],
      edit_email: ['EMAIL'],
      edit_car: ['COCHE'],
      resend_pin: ['PIN'],
      code_trouble: ['NO FUNCIONA'],
      human: ['HUMANO'],
      language: ['IDIOMA'],
    },
    numberedHint: (labels) => `Responde ${labels.map((l, i) => `${i + 1} para ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Compartir mi número de teléfono',
    contactPlaceholder: 'O escribe tu número, p. ej. +34 612 345 678',
    staleButton: 'Ese botón ya no está activo. Usa el último mensaje o escribe tu respuesta.',
    groupNote:
      '¡Hola! Hago el check-in de cada huésped por separado, en un chat privado, así que no respondo en grupos. Abre un chat directamente conmigo (toca mi nombre y luego Iniciar).',
    commands: {
      start: 'Hacer el check-in (empezar o continuar)',
      pin: 'Volver a ver mi código de acceso',
      help: 'Qué puedo hacer',
      human: 'Hablar con una persona',
      restart: 'Empezar de nuevo con otra reserva',
      lang: 'Cambiar de idioma',
    },
  },
};
