import { describe, expect, it } from 'vitest';
import { type NodeState, protectionOf } from '../../../src/emulator/lightbits/model.js';

function protection(states: NodeState[]) {
  const nodes = states.map((_, i) => `n${i}`);
  return protectionOf(nodes, (uuid) => states[Number(uuid.slice(1))]);
}

describe('protection state from replica node health', () => {
  it.each([
    [['Active', 'Active', 'Active'], 'FullyProtected'],
    [['Active', 'Active', 'Inactive'], 'Degraded'],
    [['Active', 'Deactivating', 'Inactive'], 'ReadOnly'],
    [['Inactive', 'Inactive', 'Inactive'], 'NotAvailable'],
    [['Active', 'Activating', 'Active'], 'Degraded'],
    [['Active', 'Inactive'], 'ReadOnly'],
    [['Active', 'Active'], 'FullyProtected'],
    [['Inactive'], 'NotAvailable'],
    [['Active'], 'FullyProtected'],
  ] as Array<[NodeState[], string]>)('%j → %s', (states, expected) => {
    expect(protection(states)).toBe(expected);
  });
});
