/** What a staff member's text in a conversation's topic asks for. Pure. */
export type StaffCommand =
  | { kind: 'takeover' }
  | { kind: 'release' }
  | { kind: 'approve' }
  /** Take the booking away from the chat that claimed it (its codes come off the locks). */
  | { kind: 'reassign' }
  /** Lift the guessing limits that hold this chat (unknown refs, identity tries of its booking). */
  | { kind: 'unlock' }
  | { kind: 'resend' }
  /** The guest has left: their door code ends in 15 minutes (changed in place) and the check-out moves there. */
  | { kind: 'checkout' }
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
    case 'reassign':
      return { kind: 'reassign' };
    case 'unlock':
      return { kind: 'unlock' };
    case 'resend':
      return { kind: 'resend' };
    case 'checkout':
      return { kind: 'checkout' };
    case 'status':
      return { kind: 'status', showPin: /^(pin|code)\b/.test(args) };
    case 'help':
    case 'start':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', name, addressed: m[2] !== undefined };
  }
}

/**
 * Commands that hand out a door code, take one away or show its digits: only group
 * administrators and STAFF_APPROVER_IDS may use them. Everyone in the group can read, take over and reply.
 */
export function isPrivileged(command: StaffCommand): boolean {
  return (
    command.kind === 'approve' ||
    command.kind === 'reassign' ||
    command.kind === 'unlock' ||
    command.kind === 'checkout' ||
    (command.kind === 'status' && command.showPin)
  );
}
