import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramOutbound, TelegramChannel } from '../../../src/bot/telegram/telegram-channel.js';
import { telegramChannel } from '../../helpers/channels.js';
import type { TelegramTuning } from '../../../src/bot/telegram/tuning.js';
import { en } from '../../../src/flows/messages/en.js';
import { CATALOGS } from '../../../src/flows/messages/index.js';
import { createLogger } from '../../../src/logger.js';
import { parseProperties } from '../../../src/properties/properties.js';
import { FakeTelegram, type DeliveredMessage } from '../../fakes/telegram-server.js';
import { UpdateFactory, type TelegramGuest, type TgUpdate } from '../../fakes/telegram-updates.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { demoPropertiesJson } from '../../helpers/properties.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';
import { TEST_WEBHOOK_SECRET } from '../../helpers/secrets.js';
import { testApp } from '../../helpers/app.js';

const TOKEN = '123456:ABC-webhook_test';
const PUBLIC = 'https://checkin.example.test';
const TUNING: Partial<TelegramTuning> = { perChatIntervalMs: 50, globalIntervalMs: 0, notSentRetryDelaysMs: [20], stopGraceMs: 3_000 };
// Markup characters of every parse mode in names guests see: they must reach the guest verbatim.
const PROPERTY_NAME = 'Harbour <b>House</b> & *Sons* [1]_';
const ARRIVAL = 'Blue door (next to the café). Key safe: <none>!';

let fake: FakeTelegram;
let t: TestRuntime;
let channel: TelegramChannel;
let app: FastifyInstance;
const updates = new UpdateFactory();
let nextUser = 5_000_000 + Math.floor(Math.random() * 1_000_000);
const newGuest = (opts = {}) => updates.guest(nextUser++, { firstName: 'Alex', languageCode: 'en-GB', ...opts });

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  const properties = demoPropertiesJson();
  properties.properties[0] = { ...properties.properties[0]!, name: PROPERTY_NAME, arrivalInstructions: ARRIVAL } as (typeof properties.properties)[0];
  const telegram = telegramChannel(TUNING);
  t = await startTestRuntime({
    channels: [],
    workers: true,
    catalog: parseProperties(properties, 'test properties'),
    bookings: [bookingToday('TG100'), bookingToday('TG200', { guestName: "J. R. O'Neil-Smith" }), bookingToday('TG300'), bookingToday('TG400'), bookingToday('TG500')],
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL: PUBLIC, STAFF_TELEGRAM_CHAT_ID: '-1007777' },
    outbound: telegram.outbound,
  });
  const logger = t.logger;
  channel = telegram.on(t);
  app = testApp(t, { logger, adminToken: undefined, routes: [(a) => channel.routes(a)] });
  await channel.start();
});

afterAll(async () => {
  await channel?.stop();
  await app?.close();
  await t?.close();
  await fake?.close();
});

/** `secret` null: no header at all. */
function post(update: unknown, secret: string | null = TEST_WEBHOOK_SECRET) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/telegram',
    headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
    payload: update as object,
  });
}

/** Posts an update as Telegram would and returns the messages the guest got in reply. */
async function deliver(guest: TelegramGuest, update: TgUpdate): Promise<DeliveredMessage[]> {
  const before = fake.messagesTo(guest.chatId).length;
  const res = await post(update);
  expect(res.statusCode).toBe(200);
  await t.quiet(guest.chatId, 'telegram');
  return fake.messagesTo(guest.chatId).slice(before);
}

const texts = (ms: DeliveredMessage[]) => ms.map((m) => m.text);
const PIN = /Your door code is (\d+)/;

describe('Telegram webhook registration', () => {
  it('on start, points Telegram at PUBLIC_BASE_URL/webhooks/telegram with the secret and the update types we handle', async () => {
    expect(fake.webhook).toEqual({
      url: `${PUBLIC}/webhooks/telegram`,
      secret: TEST_WEBHOOK_SECRET,
      allowedUpdates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    const menu = await waitFor(() => fake.callsOf('setMyCommands')[0], 5_000, 'the command menu');
    expect(menu.payload.language_code).toBeUndefined();
    expect((menu.payload.commands as Array<{ command: string }>).map((c) => c.command)).toEqual(['start', 'pin', 'help', 'human', 'restart', 'lang']);
  });

  it('the command menu in each guest language the bot speaks (language_code), English for the rest', async () => {
    const menus = await waitFor(() => (fake.callsOf('setMyCommands').length >= 8 ? fake.callsOf('setMyCommands') : undefined), 5_000, 'every menu');
    expect(menus.map((c) => c.payload.language_code)).toEqual([undefined, 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl']);
    const german = menus.find((c) => c.payload.language_code === 'de')!.payload.commands as Array<{ command: string; description: string }>;
    expect(german.find((c) => c.command === 'pin')?.description).toBe(CATALOGS.de.telegram.commands.pin);
  });
});

describe('a full check-in through POST /webhooks/telegram', () => {
  it('deep link, name, shared contact, email, buttons → the PIN, bold, with markup-laden names intact', async () => {
    const guest = newGuest();
    const found = await deliver(guest, guest.start('tg100'));
    // Nothing about the booking before the chat proves it: the property's markup-laden name comes in the summary.
    expect(texts(found)).toEqual([en.refAccepted()]);

    const askPhone = await deliver(guest, guest.text(GUEST.name));
    expect(texts(askPhone)).toEqual([en.askPhone(undefined)]);
    expect(askPhone[0]!.replyMarkup).toMatchObject({ keyboard: [[{ text: en.telegram.shareContactButton, request_contact: true }]], one_time_keyboard: true });

    const askEmail = await deliver(guest, guest.shareContact('447400123456'));
    expect(texts(askEmail)).toEqual([en.askEmail()]);
    expect(askEmail[0]!.replyMarkup).toEqual({ remove_keyboard: true });

    const askCar = await deliver(guest, guest.text(GUEST.email));
    expect(askCar.at(-1)!.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'No car', callback_data: 'no_car' }]] });

    const noCar = guest.press('no_car');
    const summary = await deliver(guest, noCar);
    expect(summary.at(-1)!.text).toContain('Phone: +44 7400 123456');
    expect(summary.at(-1)!.replyMarkup).toEqual({
      inline_keyboard: [
        [
          { text: 'Confirm', callback_data: 'confirm' },
          { text: 'Edit', callback_data: 'edit' },
        ],
      ],
    });

    await deliver(guest, guest.press('confirm'));
    const pinMessage = await waitFor(() => fake.messagesTo(guest.chatId).find((m) => PIN.test(m.text)), 15_000, 'the PIN message');
    await t.quiet(guest.chatId, 'telegram');

    const code = PIN.exec(pinMessage.text)![1]!;
    expect(code).toBe((await t.runtime.pins.get('TG100'))!.code);
    expect(pinMessage.parseMode).toBeUndefined();
    expect(pinMessage.text).toContain(PROPERTY_NAME);
    expect(pinMessage.text).toContain(ARRIVAL);
    const bold = pinMessage.entities!;
    expect(bold).toHaveLength(1);
    expect(pinMessage.text.slice(bold[0]!.offset, bold[0]!.offset + bold[0]!.length)).toBe(code);
    expect(fake.messagesTo(guest.chatId).filter((m) => PIN.test(m.text))).toHaveLength(1);

    // Every button press was answered, once.
    const answered = fake.callsOf('answerCallbackQuery').map((c) => c.payload.callback_query_id);
    expect(answered.filter((id) => id === (noCar.callback_query as { id: string }).id)).toHaveLength(1);

    const conv = await t.runtime.store.load(`telegram:${guest.chatId}`);
    expect(conv?.state).toMatchObject({ step: 'done', lang: 'en', guest: { phone: '+447400123456', car: null }, pin: { sent: true } });
    expect(await t.alerts()).toEqual([]);
  });

  it("a name with markup characters comes back verbatim in the summary (no parse mode to break)", async () => {
    const guest = newGuest({ firstName: '<b>Jo</b>', lastName: '*_[x]' });
    await deliver(guest, guest.text('TG200'));
    await deliver(guest, guest.text("J. R. O'Neil-Smith"));
    await deliver(guest, guest.text('+44 7400 123456'));
    await deliver(guest, guest.text('jr@example.com'));
    const summary = await deliver(guest, guest.text('no car'));
    expect(summary.at(-1)!.text).toContain("Name: J. R. O'Neil-Smith");
    expect(summary.at(-1)!.text).toContain(PROPERTY_NAME);
    expect(summary.at(-1)!.parseMode).toBeUndefined();
  });
});

describe('what the webhook accepts', () => {
  it('a missing or wrong secret: 401, nothing queued, nothing sent', async () => {
    const guest = newGuest();
    const update = guest.text('TG300');
    const sentBefore = fake.callsOf('sendMessage').length;
    for (const secret of [null, 'wrong', `${TEST_WEBHOOK_SECRET}x`, '']) {
      const res = await post(update, secret);
      expect(res.statusCode, `secret ${secret}`).toBe(401);
    }
    expect(await t.redis.exists(t.keys.dedupe('telegram', String(update.update_id)))).toBe(0);
    expect(await t.redis.llen(t.keys.convInbox(`telegram:${guest.chatId}`))).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('sendMessage').length).toBe(sentBefore);
    expect(await t.runtime.store.load(`telegram:${guest.chatId}`)).toBeUndefined();
  });

  it('the same update three times is answered once; so is a repeated button press', async () => {
    const guest = newGuest();
    const update = guest.text('TG400');
    for (let i = 0; i < 3; i++) expect((await post(update)).statusCode).toBe(200);
    await t.quiet(guest.chatId, 'telegram');
    expect(texts(fake.messagesTo(guest.chatId))).toEqual([en.refAccepted()]);

    const press = guest.press('human');
    for (let i = 0; i < 3; i++) expect((await post(press)).statusCode).toBe(200);
    await t.quiet(guest.chatId, 'telegram');
    expect(texts(fake.messagesTo(guest.chatId)).slice(1)).toEqual([en.humanRequested()]);
    const id = (press.callback_query as { id: string }).id;
    await waitFor(() => fake.callsOf('answerCallbackQuery').some((c) => c.payload.callback_query_id === id), 5_000, 'the answer');
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('answerCallbackQuery').filter((c) => c.payload.callback_query_id === id)).toHaveLength(1);
  });

  it('a body that is not an update: 400', async () => {
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
  });
});

describe('a guest whose Telegram is in German (language_code "de")', () => {
  it('checks in in German through the webhook, buttons and share-contact keyboard included, to the door code', async () => {
    const de = CATALOGS.de;
    const guest = newGuest({ languageCode: 'de' });
    expect(texts(await deliver(guest, guest.start()))).toEqual([de.welcome()]);
    expect(texts(await deliver(guest, guest.text('TG500')))).toEqual([de.refAccepted()]);
    const askPhone = await deliver(guest, guest.text(GUEST.name));
    expect(texts(askPhone)).toEqual([de.askPhone(undefined)]);
    expect(askPhone[0]!.replyMarkup).toMatchObject({ keyboard: [[{ text: de.telegram.shareContactButton, request_contact: true }]], input_field_placeholder: de.telegram.contactPlaceholder });
    expect(texts(await deliver(guest, guest.shareContact('447400123456')))).toEqual([de.askEmail()]);
    const askCar = await deliver(guest, guest.text(GUEST.email));
    expect(askCar.at(-1)!.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Kein Auto', callback_data: 'no_car' }]] });
    const summary = await deliver(guest, guest.text('kein Auto'));
    expect(summary.at(-1)!.text).toContain('Anreise: ');
    expect(summary.at(-1)!.text).toContain(' Uhr');
    expect(summary.at(-1)!.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Bestätigen', callback_data: 'confirm' }, { text: 'Ändern', callback_data: 'edit' }]] });
    await deliver(guest, guest.text('ja'));
    const pinMessage = await waitFor(() => fake.messagesTo(guest.chatId).find((m) => /^Ihr Türcode lautet (\d+)/.test(m.text)), 15_000, 'the PIN message');
    const code = /^Ihr Türcode lautet (\d+)/.exec(pinMessage.text)![1]!;
    expect(code).toBe((await t.runtime.pins.get('TG500'))!.code);
    expect(pinMessage.text).toContain('Geben Sie den Code am Tastenfeld ein');
    // Not a word of English reached this guest (but the property's own arrival text, which is English in properties.json).
    for (const m of fake.messagesTo(guest.chatId)) expect(m.text.replace(ARRIVAL, '')).not.toMatch(/\b(?:the|your|please|booking|type|reply)\b/i);
    expect((await t.runtime.store.load(`telegram:${guest.chatId}`))?.state).toMatchObject({ lang: 'de', langSource: 'platform', step: 'done' });
  });

  it('/lang es from a German app: Spanish from then on; the share-contact keyboard too', async () => {
    const guest = newGuest({ languageCode: 'de' });
    await deliver(guest, guest.text('TG300'));
    expect(texts(await deliver(guest, guest.text('/lang es')))).toEqual([CATALOGS.es.languageChanged(), CATALOGS.es.askName()]);
    const askPhone = await deliver(guest, guest.text(GUEST.name));
    expect(texts(askPhone)).toEqual([CATALOGS.es.askPhone(undefined)]);
    expect(askPhone[0]!.replyMarkup).toMatchObject({ keyboard: [[{ text: CATALOGS.es.telegram.shareContactButton, request_contact: true }]] });
  });
});

describe('guest behaviour on Telegram', () => {
  it('photos, stickers, edits and another person’s contact get "please type it" and the question again', async () => {
    const guest = newGuest();
    await deliver(guest, guest.start());
    for (const update of [guest.photo(), guest.sticker(), guest.voice(), guest.edited('TG100'), guest.sendOtherContact('447700900123', 1)]) {
      const replies = await deliver(guest, update);
      expect(texts(replies)).toEqual([en.pleaseType(), en.askRef()]);
    }
  });

  it('an unknown button gets a polite answer on the button and no message', async () => {
    const guest = newGuest();
    const press = guest.press('pay_now');
    expect((await post(press)).statusCode).toBe(200);
    const id = (press.callback_query as { id: string }).id;
    const call = await waitFor(() => fake.callsOf('answerCallbackQuery').find((c) => c.payload.callback_query_id === id), 5_000, 'the answer');
    expect(call.payload.text).toBe(en.telegram.staleButton);
    expect(fake.messagesTo(guest.chatId)).toEqual([]);
  });

  it('groups: one note when the bot is added (even if Telegram repeats the update), silence otherwise; the staff chat is left alone', async () => {
    const member = newGuest();
    const group = updates.group(-100_000_000_000 - nextUser++, member);
    const added = group.botAdded();
    for (let i = 0; i < 2; i++) expect((await post(added)).statusCode).toBe(200);
    expect((await post(group.text('/start TG100'))).statusCode).toBe(200);
    const chatId = String((added.my_chat_member as { chat: { id: number } }).chat.id);
    await waitFor(() => fake.messagesTo(chatId).length > 0, 5_000, 'the group note');
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(fake.messagesTo(chatId))).toEqual([en.telegram.groupNote]);

    const staff = updates.group(-1007777, member);
    const sentBefore = fake.callsOf('sendMessage').length;
    expect((await post(staff.text('/takeover'))).statusCode).toBe(200);
    expect((await post(staff.botAdded())).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('sendMessage').length).toBe(sentBefore);
  });

  it('a guest who blocked the bot: one guest_blocked alert for staff, no retries', async () => {
    const guest = newGuest();
    fake.blocked.add(guest.chatId);
    expect((await post(guest.text('hello'))).statusCode).toBe(200);
    const alert = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'guest_blocked' && a.convKey === `telegram:${guest.chatId}`), 10_000, 'the alert');
    expect(alert.detail).toContain('403');
    await t.quiet(guest.chatId, 'telegram');
    expect(fake.callsOf('sendMessage').filter((c) => String(c.payload.chat_id) === guest.chatId)).toHaveLength(1);
  });
});

describe('when the update cannot be queued', () => {
  it('answers 503 (so Telegram delivers it again) and does nothing else', async () => {
    const telegram = { botToken: TOKEN, webhookSecret: TEST_WEBHOOK_SECRET, apiRoot: fake.url, mode: 'webhook' as const, sendPerSecond: 30, chatGapMs: 1000, botUsername: undefined };
    const failing = new TelegramChannel(createTelegramOutbound({ telegram, logger: createLogger('silent') }, TUNING), {
      publicBaseUrl: PUBLIC,
      staffChatId: undefined,
      engine: {
        receive: async () => {
          throw new Error('Connection is closed.');
        },
      },
      claimOnce: async () => true,
    });
    const bare = Fastify();
    failing.routes(bare);
    const guest = newGuest();
    const answersBefore = fake.callsOf('answerCallbackQuery').length;
    const res = await bare.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      headers: { 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
      payload: guest.press('confirm'),
    });
    expect(res.statusCode).toBe(503);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('answerCallbackQuery').length).toBe(answersBefore);
    await bare.close();
  });
});
