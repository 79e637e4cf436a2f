/** What a staff member's text in a conversation's topic asks for. Pure. */
export type StaffCommand =
  | { kind: 'takeover' }
  | { kind: 'release' }
  | { kind: 'approve' }
  | { kind: 'resend' }
  | { kind: 'status'; showPin: boolean }
  | { kind: 'help' }
  /** `addressed`: written /name@somebot, maybe for another bot in the group. */
  | { kind: 'unknown'; name: string; addressed: boolean }
  /** Anything that is not a command goes to the guest. */
  | { kind: 'relay'; text: string };

const COMMAND = /^\/([A-Za-z][\w]*)(@\w+)?(?:\s+([\s\S]*))?$/;

export function parseStaffText(text: string): StaffCommand {
  const trimmed = text.trim();
  const m = COMMAND.exec(trimmed);
  if (!m) return { kind: 'relay', text: trimmed };
  const name = m[1]!.toLowerCase();
  const args = (m[3] ?? '').trim().toLowerCase();
  switch (name) {
    case 'takeover':
      return { kind: 'takeover' };
    case 'release':
      return { kind: 'release' };
    case 'approve':
      return { kind: 'approve' };
    case 'resend':
      return { kind: 'resend' };
    case 'status':
      return { kind: 'status', showPin: /^(pin|code)\b/.test(args) };
    case 'help':
    case 'start':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', name, addressed: m[2] !== undefined };
  }
}
