import { defineOperation } from '../engine/operation.js';
import { bootServer as boot } from './boot-server.js';
import { precheckBoot } from './precheck.js';
import { bootServerInput, bootServerOutput } from './schema.js';

export const bootServer = defineOperation({
  name: 'boot_server',
  title: 'Boot a server from a volume',
  description:
    'Boots a Nova server from a bootable volume (no image: the volume is the disk), with a flavor, a network ' +
    '("none" for no network) and a key pair, by name or id. Waits until ACTIVE and returns its addresses; on ERROR ' +
    "returns Nova's fault message and deletes the failed server, keeping the volume. An unknown or ambiguous name " +
    'is an error that lists the candidates.',
  input: bootServerInput,
  output: bootServerOutput,
  effect: 'write',
  precheck: async (input, { cloud }) => precheckBoot(await cloud(), input),
  preview: (i) =>
    `Boot server "${i.name ?? '(named after the volume)'}" from volume "${i.volume}" with flavor ${i.flavor}, ` +
    `network ${i.network ?? 'auto'}${i.key_name ? `, key ${i.key_name}` : ''}.`,
  summarize: (o) =>
    `Server ${o.name} (${o.server_id}) is ${o.status}${o.addresses.length ? ` at ${o.addresses.map((a) => a.addr).join(', ')}` : ''}.`,
  resources: (i, o) => ({ volume: o?.volume_id ?? i.volume, ...(o ? { server_id: o.server_id } : {}) }),
  async run(input, ctx) {
    return boot(await ctx.cloud(), input, ctx);
  },
});
