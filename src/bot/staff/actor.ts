/**
 * Who did a staff action, as events and the audit trail carry it (`by`): "<tool>:<person>".
 * The admin API writes "admin-api:<name>"; the staff group "staff-group:@username (id)".
 */
const STAFF_GROUP = 'staff-group:';
const ADMIN_API = 'admin-api:';

export interface TelegramPerson {
  id: number;
  username?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
}

/** A staff member in the group: @username, else their name, and always the id (names are not unique). */
export function staffGroupActor(person: TelegramPerson): string {
  const name = person.username ? `@${person.username}` : [person.first_name, person.last_name].filter((s) => s && s.trim() !== '').join(' ') || 'someone';
  return `${STAFF_GROUP}${name} (${person.id})`;
}

/** An admin posting as the group itself (Telegram hides who). */
export const ANONYMOUS_ADMIN = `${STAFF_GROUP}anonymous admin`;

export function isStaffGroupActor(by: string): boolean {
  return by.startsWith(STAFF_GROUP);
}

/** How staff read it: "@maria", "Maria (admin API)". */
export function actorLabel(by: string | undefined): string {
  if (!by) return 'Staff';
  if (by.startsWith(STAFF_GROUP)) return by.slice(STAFF_GROUP.length).replace(/ \(\d+\)$/, '');
  if (by.startsWith(ADMIN_API)) return `${by.slice(ADMIN_API.length)} (admin API)`;
  return by;
}
