import type { Messages } from './en.js';
import { ptWords } from './pt-words.js';
import { otherLanguageNames } from './languages.js';

/**
 * Portuguese as written in Portugal (equipa, telemóvel, matrícula), addressing the guest without
 * "você" (polite in both Portugal and Brazil); Brazilian guests read it without trouble.
 */
export const pt: Messages = {
  locale: 'pt-PT',
  dateFormat: "EEEE, d 'de' MMMM 'de' yyyy, HH'h'mm",
  welcome: () =>
    `Olá! Sou o assistente de check-in. Em poucos passos vai receber o seu código de acesso.\n\nQual é o número da sua reserva? Está no e-mail de confirmação.\n\n🌐 ${otherLanguageNames('pt')}: escreva IDIOMA.`,
  askRef: () => 'Qual é o número da sua reserva? Está no e-mail de confirmação (por exemplo AB1234).',
  refEmpty: () => 'Não entendi. Escreva o número da sua reserva (por exemplo AB1234).',
  refTooLong: () => 'Isso é muito longo para um número de reserva. Escreva apenas o número, por exemplo AB1234.',
  refFormat: () => 'Isso não parece um número de reserva: tem apenas letras e algarismos, por exemplo AB1234. Tente novamente.',
  refNotFound: (ref) => `Não encontro nenhuma reserva com o número ${ref}. Verifique o e-mail de confirmação e tente novamente.`,
  refGivingUp: () => 'Pedi ajuda à equipa; alguém vai responder aqui em breve.',
  lookupsPaused: () => 'Neste momento não consigo procurar mais reservas. Pedi ajuda à equipa; alguém vai responder aqui em breve.',
  lookupsResumed: () => 'Já pode voltar a escrever o número da sua reserva.',
  detailsCheckedAgain: () => 'Se escreveu algum dado mal, pode corrigi-lo agora: responda EDITAR.',
  bookingCancelled: (ref, contactPhone) =>
    `A reserva ${ref} foi cancelada, por isso não posso fazer o check-in. Avisei a equipa; se achar que é um erro, ligue para ${contactPhone}.`,
  claimedElsewhere: (ref, contactPhone) =>
    `O check-in da reserva ${ref} já foi feito noutra conversa. Por segurança, não posso continuar aqui. Avisei a equipa, que vai entrar em contacto; também pode ligar para ${contactPhone}.`,
  blocked: (contactPhone) =>
    `A equipa está a analisar esta reserva e vai responder aqui.${contactPhone ? ` Também pode ligar para ${contactPhone}.` : ''} Escreva RECOMEÇAR para usar outro número de reserva.`,
  refAccepted: () => 'Obrigado. Qual é o nome completo que consta da reserva?',
  reassigned: () => 'A equipa está agora a tratar desta reserva e vai entrar em contacto aqui.',
  bookingFreed: () => 'Boas notícias: a equipa resolveu a questão da sua reserva, por isso podemos continuar.',
  askName: () => 'Qual é o nome completo que consta da reserva?',
  nameEmpty: () => 'Não entendi. Qual é o nome completo que consta da reserva?',
  nameInvalid: () => 'Escreva o seu nome usando apenas letras, por exemplo Ana Silva.',
  nameTooLong: () => 'Isso é muito longo para um nome. Escreva o nome próprio e o apelido.',
  askPhone: (known) =>
    known
      ? `O ${known} é o melhor número para contacto durante a estadia? Responda SIM, ou escreva outro número.`
      : 'Qual é o melhor número de telemóvel para contacto durante a estadia? Inclua o indicativo do país, por exemplo +351 912 345 678.',
  phoneInvalid: () => 'Isso não parece um número de telefone. Escreva-o com o indicativo do país, por exemplo +351 912 345 678.',
  phoneNeedsCountry: () => 'Acrescente o indicativo do país ao número, por exemplo +351 912 345 678.',
  phoneEmpty: () => 'Não entendi. Qual é o melhor número de telemóvel para contacto?',
  askEmail: () => 'Qual é o seu endereço de e-mail?',
  emailInvalid: () => 'Isso não parece um endereço de e-mail. Verifique-o e tente novamente, por exemplo ana@example.com.',
  emailEmpty: () => 'Não entendi. Qual é o seu endereço de e-mail?',
  tooLong: () => 'Essa mensagem é muito longa. Envie apenas a resposta.',
  askCar: (settingUp) =>
    `${settingUp ? 'Obrigado, o seu código de acesso já está a ser preparado.' : 'Obrigado.'}\n\nVem de carro? Escreva a matrícula (por exemplo AA-00-AA), ou SEM CARRO se não vier.`,
  askCarAgain: () => 'Qual é a matrícula do carro? Escreva SEM CARRO se não vier de carro.',
  carInvalid: () => 'Isso não parece uma matrícula. Use apenas letras e algarismos (por exemplo AA-00-AA), ou escreva SEM CARRO.',
  summary: (s) =>
    [
      'Verifique os seus dados:',
      ...(s.stay ? [`Reserva: ${s.ref}, ${s.stay.propertyName}, ${s.stay.roomName}`, `Entrada: ${s.stay.checkInLabel}`, `Saída: ${s.stay.checkOutLabel}`] : [`Reserva: ${s.ref}`]),
      `Nome: ${s.name}`,
      `Telefone: ${s.phone}`,
      `E-mail: ${s.email}`,
      `Carro: ${s.car ?? 'sem carro'}`,
      '',
      'Responda SIM para confirmar, ou EDITAR para alterar alguma coisa.',
    ].join('\n'),
  confirmPrompt: () => 'Responda SIM para confirmar os seus dados, ou EDITAR para alterar alguma coisa.',
  askWhichField: () => 'O que pretende alterar? Responda NOME, TELEFONE, E-MAIL ou CARRO.',
  fieldPrompt: (field) =>
    ({
      name: 'Qual é o nome completo que consta da reserva?',
      phone: 'Qual é o melhor número de telemóvel para contacto? Inclua o indicativo do país.',
      email: 'Qual é o seu endereço de e-mail?',
      car: 'Qual é a matrícula do carro? Escreva SEM CARRO se não vier de carro.',
    })[field],
  pin: (p) =>
    [
      `O seu código de acesso é ${p.code}`,
      '',
      `Abre a porta de entrada de ${p.propertyName} e a de ${p.roomName}.`,
      `Entrada: ${p.checkInLabel}`,
      `Saída: ${p.checkOutLabel}`,
      'Digite o código no teclado e depois prima #.',
      ...(p.arrivalInstructions ? ['', p.arrivalInstructions] : []),
      '',
      'Responda PIN a qualquer momento para o ver de novo, ou NÃO FUNCIONA se o código não abrir a porta. Boa estadia!',
    ].join('\n'),
  pinRedacted: '[código oculto]',
  pinComing: () => 'O check-in está concluído. O seu código de acesso está quase pronto: vou enviá-lo aqui dentro de momentos.',
  pinDelayed: (contactPhone) =>
    `A preparação do seu código de acesso está a demorar mais do que o habitual. A equipa foi avisada e vai garantir que consegue entrar; vai responder aqui, ou ligue para ${contactPhone}.`,
  pinFailed: (contactPhone) =>
    `Não foi possível criar o seu código de acesso automaticamente. A equipa foi avisada e vai resolver a situação; vai responder aqui, ou ligue para ${contactPhone}.`,
  pinHeld: () => 'Obrigado! Um membro da equipa tem de verificar os seus dados antes de o código de acesso ser enviado. Vai receber uma resposta aqui em breve.',
  pinNotYet: () => 'O seu código de acesso ainda não está pronto. Vou enviá-lo aqui assim que estiver.',
  alreadyConfirmed: () => 'O check-in já está concluído. Responda PIN para ver de novo o seu código de acesso, ou AJUDA para ver as opções.',
  done: (roomName) =>
    `O check-in em ${roomName} está concluído. Responda PIN para ver de novo o seu código de acesso, EQUIPA para falar com a equipa, ou AJUDA para ver as opções. Também pode perguntar-me sobre o Wi-Fi, o estacionamento, o check-out ou a morada; se o código não funcionar, responda NÃO FUNCIONA.`,
  arrivalWelcome: (roomName, wifi) =>
    [
      `Bem-vindo! O seu código de acesso já o deixou entrar; está alojado em ${roomName}.`,
      ...(wifi ? ['', `Wi-Fi: ${wifi.network}`, ...(wifi.password ? [`Palavra-passe: ${wifi.password}`] : [])] : []),
      '',
      'Responda EQUIPA se precisar de alguma coisa da equipa. Boa estadia!',
    ].join('\n'),
  checkoutReminder: (checkOutTime, roomName) =>
    `Bom dia! Lembramos que o check-out de ${roomName} é hoje às ${checkOutTime}. Obrigado pela sua estadia e boa viagem!`,
  updated: () => 'Atualizado.',
  codeHowTo: () =>
    [
      'Lamentamos! No teclado:',
      '1. Toque no teclado com a palma da mão para o ativar (os números acendem).',
      '2. Introduza o seu código.',
      '3. Carregue em # (ou na tecla 🔒) no fim.',
      'Se se enganar, aguarde até a luz se apagar e comece de novo.',
    ].join('\n'),
  codeNotYetValid: (from) => `O seu código funciona a partir de ${from}. Até lá a porta não abre com ele; tente de novo a partir dessa hora.`,
  codeChecking: () => 'Estou também a verificar o seu código nas fechaduras e respondo aqui dentro de momentos.',
  codeCheckedOk: () =>
    'Já verifiquei: o seu código está nas duas fechaduras e ativo. Aqui está de novo. Se continuar a não funcionar, responda NÃO FUNCIONA e chamo uma pessoa para ajudar.',
  codeReadded: (where) =>
    `Já verifiquei: o seu código não estava registado (${where}), por isso voltei a adicioná-lo. Aqui está de novo; tente outra vez. Se continuar a não funcionar, responda NÃO FUNCIONA.`,
  codeCheckBusy: () =>
    'O seu código está a ser atualizado nas fechaduras neste momento; envio-o aqui assim que estiver pronto. Se depois continuar a não funcionar, responda NÃO FUNCIONA.',
  codeCheckFailed: (contactPhone) =>
    `Não consegui verificar o seu código nas fechaduras, por isso pedi ajuda urgente à equipa para entrar. A equipa responde aqui; também pode ligar já para ${contactPhone}.`,
  codeEscalated: (contactPhone) =>
    `Lamento muito. Avisei a equipa com urgência: alguém vai ajudar a entrar e responde aqui. Também pode ligar já para ${contactPhone}.`,
  frontDoor: 'porta de entrada',
  wifiInfo: (network, password) => `Rede Wi-Fi: ${network}\n${password ? `Palavra-passe: ${password}` : 'Não é necessária palavra-passe.'}`,
  parkingInfo: (text) => `Estacionamento: ${text}`,
  checkOutInfo: (when) => `O check-out é até ${when}.`,
  addressInfo: (address, mapUrl) => [...(address ? [`A morada é: ${address}`] : []), ...(mapUrl ? [`Mapa: ${mapUrl}`] : [])].join('\n'),
  houseRulesInfo: (text) => `Regras da casa:\n${text}`,
  infoMissing: (topic) =>
    `Não tenho aqui ${({ wifi: 'os dados do Wi-Fi', parking: 'informação sobre estacionamento', address: 'a morada', houseRules: 'as regras da casa' })[topic]}, por isso passei a pergunta à equipa, que responde aqui.`,
  questionForwarded: () => 'Passei a sua mensagem à equipa; vão responder aqui em breve.',
  youreWelcome: () => 'De nada! Escreva aqui se precisar de alguma coisa.',
  infoHuman: () => 'Não era isto que perguntava? Escreva EQUIPA e a equipa responde-lhe.',
  infoForwarded: () => 'Também passei a sua mensagem à equipa; vão responder aqui.',
  codeEnded: (until) =>
    `${until ? `A sua estadia terminou: o código da porta funcionava até ${until}, por isso já não abre a porta.` : 'Disse-nos que já saiu, por isso o código da porta está a ser desativado.'} Se ainda precisar de entrar (por causa de algo esquecido, por exemplo), escreva EQUIPA e a equipa ajuda.`,
  phoneUnlisted: () => 'Não consigo confirmar esse número; pode ter algum erro. Verifique-o e, se estiver correto, envie o mesmo número outra vez.',
  stuck: () => 'Desculpe, estou com dificuldade com esta resposta. Avisei a equipa: escreva EQUIPA para falar com uma pessoa, ou tente mais uma vez.',
  botError: () =>
    'Desculpe, algo correu mal do meu lado e não consegui ler a sua última mensagem. A equipa foi avisada. Envie-a de novo, ou escreva EQUIPA.',
  fromStaff: (text, team) => `${text}\n\n- ${team ? `A equipa de ${team}` : 'A equipa'}`,
  editLater: () => 'Vamos terminar primeiro as perguntas; no fim pode alterar qualquer dado no resumo. Escreva VOLTAR para regressar à pergunta anterior.',
  help: () =>
    [
      'Vou fazer o seu check-in e enviar-lhe o código de acesso. Pode escrever:',
      'AJUDA - esta mensagem',
      'VOLTAR - voltar à pergunta anterior',
      'EDITAR - alterar um dado',
      'PIN - ver de novo o código de acesso (depois do check-in)',
      'EQUIPA - falar com uma pessoa',
      'RECOMEÇAR - começar de novo',
      'IDIOMA - mudar de idioma',
    ].join('\n'),
  chooseLanguage: () => 'Em que idioma prefere que eu escreva?',
  languageChanged: () => 'Muito bem, a partir de agora escrevo em português.',
  humanRequested: () => 'Pedi à equipa que se junte à conversa; alguém vai responder aqui em breve. Entretanto, pode continuar comigo.',
  restarted: () => 'Muito bem, vamos recomeçar.',
  cannotGoBack: () => 'Já estamos na primeira pergunta.',
  pleaseType: () => 'Aqui só consigo ler mensagens escritas. Escreva a sua resposta.',
  tooFast: () => 'Está a enviar mensagens mais depressa do que as consigo ler. Aguarde um minuto e depois envie a sua resposta de novo.',
  departure: {
    confirm: () => 'O seu código de acesso vai deixar de funcionar dentro de 15 minutos. Já saiu do alojamento? Responda SIM ou NÃO.',
    started: () => 'Obrigado! Estou a desativar o seu código de acesso; confirmo aqui dentro de momentos.',
    kept: (checkOut) => `Sem problema, nada muda: o seu código de acesso continua a funcionar até ${checkOut}.`,
    done: (time) => `Concluído: o seu código de acesso deixa de funcionar às ${time}. Obrigado pela sua estadia e boa viagem!`,
    failed: (contactPhone) =>
      `Não foi possível desativar o seu código de acesso automaticamente. A equipa foi avisada e vai tratar do assunto; vai responder aqui, ou ligue para ${contactPhone}.`,
    tooEarly: (checkIn) => `A sua estadia ainda não começou: o check-in é ${checkIn}. Se os seus planos mudaram, escreva EQUIPA para falar com a equipa.`,
    alreadyEnding: (checkOut) =>
      `O seu código de acesso só funciona até ${checkOut}, por isso não há nada a alterar. Obrigado pela sua estadia e boa viagem!`,
    noted: () => 'Obrigado por nos avisar! Já passei a informação à equipa. Boa viagem!',
  },
  buttons: {
    confirm: 'Confirmar',
    edit: 'Editar',
    no_car: 'Sem carro',
    use_known_phone: (phone) => `Usar ${phone}`,
    left_yes: 'Sim, já saí',
    left_no: 'Não, ainda não',
    edit_name: 'Nome',
    edit_phone: 'Telefone',
    edit_email: 'E-mail',
    edit_car: 'Carro',
    resend_pin: 'Ver o meu código',
    code_trouble: 'O código não funciona',
    language: '🌐 Idioma',
  },
  words: ptWords,
  whatsapp: {
    typed: {
      confirm: ['SIM', 'CONFIRMAR'],
      edit: ['EDITAR', 'ALTERAR'],
      no_car: ['SEM CARRO'],
      use_known_phone: ['SIM'],
      left_yes: ['SIM'],
      left_no: ['NÃO'],
      edit_name: ['NOME'],
      edit_phone: ['TELEFONE'],
      edit_email: ['E-MAIL'],
      edit_car: ['CARRO'],
      resend_pin: ['PIN'],
      code_trouble: ['NÃO FUNCIONA'],
      human: ['EQUIPA'],
      language: ['IDIOMA'],
    },
    numberedHint: (labels) => `Responda ${labels.map((l, i) => `${i + 1} para ${l}`).join(', ')}.`,
  },
  telegram: {
    shareContactButton: 'Partilhar o meu número de telefone',
    contactPlaceholder: 'Ou escreva o número, p. ex. +351 912 345 678',
    staleButton: 'Este botão já não está ativo. Use a mensagem mais recente, ou escreva a sua resposta.',
    groupNote:
      'Olá! Faço o check-in dos hóspedes um de cada vez, numa conversa privada, por isso não respondo em grupos. Abra uma conversa diretamente comigo (toque no meu nome e depois em Iniciar).',
    commands: {
      start: 'Fazer o check-in (começar ou continuar)',
      pin: 'Ver de novo o meu código de acesso',
      help: 'O que posso fazer',
      human: 'Falar com uma pessoa',
      restart: 'Recomeçar com outra reserva',
      lang: 'Mudar de idioma',
    },
  },
};
