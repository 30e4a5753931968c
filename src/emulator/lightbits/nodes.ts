import { DELAYS, type NodeRec } from './model.js';
import type { ClusterState } from './state.js';

/**
 * A node failure as the documentation describes it: `Deactivating` while the cluster moves roles so data stays
 * reachable (volumes whose primary sat there are not served meanwhile), then `Inactive` (the API's failed state),
 * with each such volume's primary moved to another Active replica. Protection drops at once, since a node that
 * is not Active cannot serve I/O.
 */
export function failNode(s: ClusterState, node: NodeRec): void {
  if (node.state === 'Deactivating' || node.state === 'Inactive') return;
  const generation = ++node.generation;
  setState(s, node, 'Deactivating', 'High', 'NodeDeactivating', 'failure detected; moving roles to other nodes');
  s.scheduler.after(DELAYS.deactivate, () => {
    if (node.generation !== generation) return;
    setState(s, node, 'Inactive', 'High', 'NodeInactive', 'node is inactive');
    movePrimaries(s, node);
  });
}

/** Back through `Activating` (cannot serve I/O yet) to `Active`; its replicas are then in sync again. */
export function restoreNode(s: ClusterState, node: NodeRec): void {
  if (node.state === 'Active' || node.state === 'Activating') return;
  const generation = ++node.generation;
  if (node.state === 'Deactivating') movePrimaries(s, node);
  setState(s, node, 'Activating', 'Info', 'NodeActivating', 'node is rejoining the cluster');
  s.scheduler.after(DELAYS.activate, () => {
    if (node.generation !== generation) return;
    setState(s, node, 'Active', 'Info', 'NodeActive', 'node is active and serves I/O');
  });
}

function setState(
  s: ClusterState,
  node: NodeRec,
  state: NodeRec['state'],
  severity: 'High' | 'Info',
  eventName: string,
  what: string,
): void {
  node.state = state;
  node.etag++;
  s.recordEvent({
    Type: 'Node',
    Severity: severity,
    EventName: eventName,
    Status: state,
    Description: `Node ${node.name} (${node.uuid}): ${what}`,
    nodeUuid: node.uuid,
    nodeName: node.name,
  });
}

/** Each volume and snapshot served by the failed node gets the first Active node of its replicas as primary. */
function movePrimaries(s: ClusterState, failed: NodeRec): void {
  const move = (rec: { nodeList: string[]; primary: string }) => {
    if (rec.primary !== failed.uuid) return;
    const next = rec.nodeList.find((n) => s.nodeState(n) === 'Active');
    if (next) rec.primary = next;
  };
  for (const v of s.volumes.values()) move(v);
  for (const snap of s.snapshots.values()) move(snap);
}
