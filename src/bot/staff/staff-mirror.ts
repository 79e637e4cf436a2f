import type { MirrorLine, StaffMirror } from '../../conversation/mirror.js';
import { isStaffGroupActor } from './actor.js';
import type { StaffQueue } from './staff-queue.js';

/**
 * The conversation's lines into its staff topic. Only queued here (Redis, in order): the
 * conversation's outbox never waits on Telegram's group limit; the poster sends them, several
 * lines to a post when they queue up.
 */
export class TelegramStaffMirror implements StaffMirror {
  constructor(
    private readonly queue: StaffQueue,
    private readonly wake: () => void,
  ) {}

  async mirror(line: MirrorLine): Promise<void> {
    // Typed in the topic by a staff member: it is already there.
    if (line.from === 'staff' && line.by !== undefined && isStaffGroupActor(line.by)) return;
    await this.queue.push(line.convKey, { kind: 'line', from: line.from, text: line.text, ...(line.by ? { by: line.by } : {}), at: Date.now() });
    this.wake();
  }
}
