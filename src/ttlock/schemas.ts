import { z } from 'zod';

/**
 * What TTLock sends back, parsed at the edge. Numbers are coerced because the docs show some of
 * them as strings (keyboardPwdType "3"); unknown fields are dropped, so secrets such as
 * noKeyPwd or lockData in lock/detail never travel further than this file.
 */
const num = () => z.coerce.number();
const optNum = () => z.preprocess((v) => (v === null || v === '' ? undefined : v), z.coerce.number().optional());
const optStr = () => z.preprocess((v) => (v === null ? undefined : v), z.coerce.string().optional());

/** Failures (and delete's success) come as `{errcode, errmsg, description}` with HTTP 200. */
export const envelopeSchema = z.object({
  errcode: optNum(),
  errmsg: optStr(),
});

/** A write that returns no data (change, deleteByCode): `{errcode: 0, errmsg}`; a failure never gets this far (http.ts). */
export const writeAckSchema = z.object({ errcode: optNum().refine((v) => v === undefined || v === 0, 'errcode must be 0') });

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: optStr(),
  expires_in: num().positive(),
  uid: optNum(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const addPasscodeResponseSchema = z.object({ keyboardPwdId: num().int().positive() });

export const passcodeSchema = z.object({
  keyboardPwdId: num().int(),
  lockId: optNum(),
  keyboardPwd: optStr(),
  keyboardPwdName: optStr(),
  keyboardPwdType: optNum(),
  startDate: optNum(),
  endDate: optNum(),
  sendDate: optNum(),
  isCustom: optNum(),
});
export type Passcode = z.infer<typeof passcodeSchema>;

export const passcodePageSchema = z.object({
  list: z.array(passcodeSchema).default([]),
  pageNo: optNum(),
  pageSize: optNum(),
  pages: optNum(),
  total: optNum(),
});
export type PasscodePage = z.infer<typeof passcodePageSchema>;

export const lockDetailSchema = z.object({
  lockId: num().int(),
  lockName: optStr(),
  lockAlias: optStr(),
  /** Battery, percent. */
  electricQuantity: optNum(),
  hasGateway: optNum(),
  isFrozen: optNum(),
  timezoneRawOffset: optNum(),
  modelNum: optStr(),
  firmwareRevision: optStr(),
});
export type LockDetail = z.infer<typeof lockDetailSchema>;

export const lockListSchema = z.object({ list: z.array(lockDetailSchema).default([]), pages: optNum() });

export const gatewaySchema = z.object({
  gatewayId: num().int(),
  gatewayName: optStr(),
  gatewayMac: optStr(),
  rssi: optNum(),
  rssiUpdateDate: optNum(),
  /** Documented on gateway/list and gateway/detail; some accounts also get it from listByLock. */
  isOnline: optNum(),
  lockNum: optNum(),
});
export type Gateway = z.infer<typeof gatewaySchema>;

export const gatewayListSchema = z.object({ list: z.array(gatewaySchema).default([]) });

/** lock/queryDate and lock/updateDate: the lock's own clock (before or after adjusting), epoch ms. */
export const lockDateSchema = z.object({ date: num().int().positive() });

/**
 * One lockRecord/list entry (facts sheet §9.5). Two numbering schemes: `recordType` is the
 * cloud's, `recordTypeFromLock` the lock's; `keyboardPwd` carries the digits typed on keypad
 * entries; `lockDate` is the lock's time of the event, `serverDate` when it reached the cloud.
 */
export const lockRecordSchema = z.object({
  recordId: num().int(),
  lockId: optNum(),
  recordType: optNum(),
  recordTypeFromLock: optNum(),
  success: optNum(),
  /** On passcode entries, the passcode's name. */
  username: optStr(),
  keyboardPwd: optStr(),
  lockDate: num(),
  serverDate: optNum(),
});
export type LockRecordEntry = z.infer<typeof lockRecordSchema>;

export const lockRecordPageSchema = z.object({
  list: z.array(lockRecordSchema).default([]),
  pageNo: optNum(),
  pageSize: optNum(),
  pages: optNum(),
  total: optNum(),
});
export type LockRecordPage = z.infer<typeof lockRecordPageSchema>;
