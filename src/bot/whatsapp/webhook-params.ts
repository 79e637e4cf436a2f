import { z } from 'zod';
import { BUTTONS, type ButtonId, type GuestEvent, type InboundMeta, type MediaKind } from '../../flows/events.js';

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/**
 * Sender address: "whatsapp:+447400123456" today; with Meta's business-scoped user ids it may be
 * "whatsapp:<BSUID>", so letters are allowed and nothing else assumes it is a phone number.
 */
const WHATSAPP_ADDRESS = /^whatsapp:(\+?[A-Za-z0-9][\w.+-]{2,63})$/;

/**
 * The parameters of an incoming WhatsApp message this channel reads. Twilio adds parameters
 * without notice: unknown ones are ignored here (the signature check covered all of them).
 * A repeated parameter arrives as an array and fails these string schemas, as it should.
 */
export const inboundMessageSchema = z.object({
  MessageSid: z.string().regex(SID('[A-Z]{2}'), 'must be a Twilio message SID'),
  AccountSid: z.string().regex(SID('AC'), 'must be a Twilio account SID'),
  From: z.string().regex(WHATSAPP_ADDRESS, 'must be a whatsapp: address'),
  To: z.string().optional(),
  Body: z.string().max(20_000).default(''),
  WaId: z.string().optional(),
  ProfileName: z.string().max(500).optional(),
  NumMedia: z.coerce.number().int().min(0).max(50).default(0),
  MediaContentType0: z.string().optional(),
  MessageType: z.string().optional(),
  Latitude: z.string().optional(),
  Longitude: z.string().optional(),
  ButtonPayload: z.string().optional(),
  ButtonText: z.string().optional(),
});
export type InboundMessageParams = z.infer<typeof inboundMessageSchema>;

/** A delivery status callback (also recognised when it is posted to the message URL by mistake). */
export const statusCallbackSchema = z.object({
  MessageSid: z.string().regex(SID('[A-Z]{2}'), 'must be a Twilio message SID'),
  AccountSid: z.string().regex(SID('AC'), 'must be a Twilio account SID'),
  MessageStatus: z.string().min(1).transform((s) => s.toLowerCase()),
  ErrorCode: z.string().regex(/^\d*$/).optional(),
  ErrorMessage: z.string().max(2_000).optional(),
});
export type StatusCallbackParams = z.infer<typeof statusCallbackSchema>;

export interface ParsedInbound {
  /** The sender's WhatsApp address without "whatsapp:", e.g. +447400123456. */
  chatId: string;
  deliveryId: string;
  event: GuestEvent;
  meta: InboundMeta;
}

export function toInbound(p: InboundMessageParams): ParsedInbound {
  const chatId = WHATSAPP_ADDRESS.exec(p.From)![1]!;
  const meta: InboundMeta = {
    // WaId is the sender's number in digits (no "+"); offered as their phone, which the guest confirms.
    ...(p.WaId && /^\d{6,15}$/.test(p.WaId) ? { knownPhone: `+${p.WaId}` } : {}),
    ...(p.ProfileName && p.ProfileName.trim() !== '' ? { displayName: p.ProfileName.trim() } : {}),
  };
  return { chatId, deliveryId: p.MessageSid, event: toEvent(p), meta };
}

function toEvent(p: InboundMessageParams): GuestEvent {
  // A tapped quick reply carries the id we gave the action; an unknown id is read as its title.
  if (p.ButtonPayload && (BUTTONS as readonly string[]).includes(p.ButtonPayload)) return { type: 'button', id: p.ButtonPayload as ButtonId };
  if (p.MessageType?.toLowerCase() === 'location' || (p.Latitude && p.Longitude)) return { type: 'media', kind: 'location' };
  const text = p.Body.trim() !== '' ? p.Body : (p.ButtonText ?? '');
  // A caption is what the guest typed: it may well be the answer.
  if (text.trim() !== '') return { type: 'text', text };
  if (p.NumMedia > 0) return { type: 'media', kind: mediaKind(p.MediaContentType0, p.MessageType) };
  // Anything else without text (a type Twilio forwards but we cannot read): ask for typing, never drop it.
  return { type: 'media', kind: 'other' };
}

function mediaKind(contentType: string | undefined, messageType: string | undefined): MediaKind {
  const type = (contentType ?? '').toLowerCase();
  if (messageType?.toLowerCase() === 'sticker' || type === 'image/webp') return 'sticker';
  if (type.startsWith('image/')) return 'photo';
  if (type.startsWith('video/')) return 'video';
  // WhatsApp voice notes are Opus in Ogg; other audio is a shared file.
  if (type.startsWith('audio/ogg')) return 'voice';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'text/vcard' || type === 'text/x-vcard') return 'contact';
  if (type.startsWith('application/') || type.startsWith('text/')) return 'document';
  return 'other';
}
