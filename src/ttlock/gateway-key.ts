import type { PropertyCatalog } from '../properties/properties.js';

/**
 * Which lock operations must wait for each other: locks with one key share one gateway queue.
 * A gateway takes one operation at a time (-3003 otherwise) and serves every lock of a
 * building, so all locks of a property share a key by default (`property:<id>`). Properties
 * that name one `gatewayGroup` share `gateway-group:<name>` (two listings behind one gateway),
 * and properties that share a lock (one front door, two listings) share theirs too, since one
 * lock can only be reached through one set of gateways. A lock the properties file does not
 * know (an operator's test) gets a key of its own.
 */
export function gatewayKeyOf(catalog: PropertyCatalog): (lockId: number) => string {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    if (!parent.has(node)) parent.set(node, node);
    let root = node;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(node, root);
    return root;
  };
  // The root names the queue, and every process must arrive at the same name from the same file:
  // a group's name wins over a property's, then the smaller name, whatever order the file lists them.
  const rank = (n: string) => (n.startsWith('gateway-group:') ? 0 : 1);
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const keep = rank(ra) !== rank(rb) ? (rank(ra) < rank(rb) ? ra : rb) : ra < rb ? ra : rb;
    parent.set(ra === keep ? rb : ra, keep);
  };
  const nodeOfLock = new Map<number, string>();
  for (const p of catalog.list()) {
    const node = `property:${p.id}`;
    find(node);
    if (p.gatewayGroup !== undefined) union(node, `gateway-group:${p.gatewayGroup}`);
    for (const lockId of [p.frontDoorLockId, ...p.rooms.map((r) => r.lockId)]) {
      const other = nodeOfLock.get(lockId);
      if (other === undefined) nodeOfLock.set(lockId, node);
      else union(node, other);
    }
  }
  return (lockId) => {
    const node = nodeOfLock.get(lockId);
    return node === undefined ? `lock:${lockId}` : find(node);
  };
}
