import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { checkTarget, failoverOutput, getFailoverStatus as status } from './get-failover-status.js';

const input = z
  .object({
    server: z.string().min(1).optional().describe('Server name or id: reports every volume attached to it.'),
    volume: z.string().min(1).optional().describe('Cinder volume name or id.'),
  })
  .refine((i) => (i.server === undefined) !== (i.volume === undefined), {
    message: 'give exactly one of server or volume (a name or an id)',
  });

export const getFailoverStatus = defineOperation({
  name: 'get_failover_status',
  title: 'Failover status of a server or volume',
  description:
    'For on-call staff, for a server (all its volumes) or one volume: the Lightbits replicas (node, state, healthy), ' +
    'which node serves I/O and since when, protection state (FullyProtected, Degraded, ReadOnly, NotAvailable), ' +
    'a plain verdict per volume and overall, and the recent Lightbits events. The serving node comes from the ' +
    'Lightbits side; the host-side NVMe/TCP path states are visible only on the compute host. Give exactly one ' +
    'of server or volume.',
  input,
  output: failoverOutput,
  effect: 'read',
  summarize: (o) => `${o.verdict}: ${o.summary}`,
  resources(_input, o): Record<string, string | string[]> {
    return o ? { [o.target.kind]: o.target.id, volumes: o.volumes.map((v) => v.cinder.id) } : {};
  },
  async run(i, { cloud, now }) {
    return status(await cloud(), checkTarget(i), { now });
  },
});
