import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { getHealth as check, healthOutput, summarizeHealth } from './get-health.js';

export const getHealth = defineOperation({
  name: 'get_health',
  title: 'Storage and cloud health',
  description:
    'One answer in seconds for on-call staff: the Lightbits cluster (health, capacity, nodes and their state, how ' +
    'many volumes are not FullyProtected, which API endpoint answered), the Cinder and Nova services (cinder-volume ' +
    'and nova-compute up or down), and whether Glance answers. Verdict healthy, degraded or down, with the reasons ' +
    'in plain words. Each check runs on its own: one service failing does not hide the others.',
  input: z.object({}),
  output: healthOutput,
  effect: 'read',
  summarize: summarizeHealth,
  async run(_input, { cloud, now }) {
    return check(await cloud(), { now });
  },
});
