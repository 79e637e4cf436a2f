import type { Logger } from 'pino';
import { AppError, errorMessage, isNotNow, isRetryable } from '../errors.js';
import type { PinStore } from './pin-store.js';
import type { LockProvider } from './provider.js';

export interface PinShortenerDeps {
  provider: LockProvider;
  pins: Pick<PinStore, 'get' | 'hold' | 'forget' | 'setEnd'>;
  logger: Logger;
}

/**
 * Ends a booking's codes at `end` on every lock, in place: the same digits and code ids, only the
 * window's end moves (a departed guest's). Safe to repeat: a code that already ends by then is
 * left alone, so a retried job changes each lock once. Throws while a lock still has the later end
 * (retryable unless a lock refused for good; an outage when every failure was one); the others keep their new end.
 */
export async function shortenPin(deps: PinShortenerDeps, ref: string, end: number): Promise<{ changed: number }> {
  const record = await deps.pins.get(ref);
  if (!record) return { changed: 0 };
  const problems: string[] = [];
  let outage = true;
  let retryable = true;
  let changed = 0;
  for (const held of record.held) {
    if (held.end <= end) continue;
    const { lockId } = held;
    try {
      // An add whose answer was lost: the lock's list says whether (and under which id) it is there.
      const codeId = held.codeId ?? (await deps.provider.listCodes(lockId)).find((c) => c.name === ref && c.code === held.code)?.codeId;
      if (codeId === undefined) {
        deps.logger.warn({ ref, lockId }, 'a code of the booking the lock does not list: nothing to shorten there');
        continue;
      }
      const result = await deps.provider.changeWindow({ lockId, codeId, start: held.start, end });
      if (result === 'missing') {
        await deps.pins.forget(ref, lockId, held.code);
        deps.logger.warn({ ref, lockId, codeId }, 'the code to shorten is no longer on the lock');
        continue;
      }
      await deps.pins.hold(ref, { ...held, codeId, end });
      changed++;
    } catch (err) {
      problems.push(`lock ${lockId}: ${errorMessage(err)}`);
      outage &&= isNotNow(err);
      retryable &&= isRetryable(err);
    }
  }
  if (problems.length) throw new AppError(`booking ${ref}: the door code could not be shortened on ${problems.join('; ')}`, retryable, { notNow: outage });
  if (record.end > end) await deps.pins.setEnd(ref, end);
  return { changed };
}
