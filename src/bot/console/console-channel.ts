import type { ChannelSender } from '../../conversation/effect-runner.js';
import type { Button, SendEffect } from '../../flows/effects.js';
import type { GuestEvent } from '../../flows/events.js';

/**
 * The terminal as a chat: bot messages printed with numbered buttons, typed lines turned into
 * guest events ("2" presses the second button of the last message).
 */
export class ConsoleChannel implements ChannelSender {
  private buttons: Button[] = [];

  constructor(private readonly print: (line: string) => void) {}

  async send(_chatId: string, message: SendEffect): Promise<void> {
    this.buttons = message.buttons ?? [];
    const lines = message.text.split('\n').map((l) => `  ${l}`);
    this.print(`\nbot>\n${lines.join('\n')}`);
    if (this.buttons.length) this.print(`  ${this.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   ')}`);
    if (message.askContact) this.print('  (on Telegram a "share my number" button appears here)');
  }

  toEvent(line: string): GuestEvent {
    const n = /^\s*(\d)\s*$/.exec(line);
    const button = n ? this.buttons[Number(n[1]) - 1] : undefined;
    return button ? { type: 'button', id: button.id } : { type: 'text', text: line };
  }
}
