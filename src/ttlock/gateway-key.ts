import type { PropertyCatalog } from '../properties/properties.js';

/**
 * Which lock operations must wait for each other. A gateway takes one operation at a time
 * (-3003 otherwise) and serves every lock of a building, so all locks of a property share one
 * key, and properties that share a lock (one front door, two listings) share theirs. A lock
 * the properties file does not know (an operator's test) gets a key of its own.
 */
export function gatewayKeyOf(catalog: PropertyCatalog): (lockId: number) => string {
  const groupOfLock = new Map<number, string>();
  const parent = new Map<string, string>();
  const find = (g: string): string => {
    let root = g;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(g, root);
    return root;
  };
  for (const p of catalog.list()) {
    const group = `property:${p.id}`;
    parent.set(group, group);
    for (const lockId of [p.frontDoorLockId, ...p.rooms.map((r) => r.lockId)]) {
      const other = groupOfLock.get(lockId);
      if (other === undefined) groupOfLock.set(lockId, group);
      else parent.set(find(group), find(other));
    }
  }
  return (lockId) => {
    const group = groupOfLock.get(lockId);
    return group === undefined ? `lock:${lockId}` : find(group);
  };
}
