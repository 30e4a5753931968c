import { precheckFromImage } from '../clone/precheck.js';
import { defineOperation } from '../engine/operation.js';
import { launchServer as launch } from './launch-server.js';
import { launchServerInput, launchServerOutput } from './schema.js';

export const launchServer = defineOperation({
  name: 'launch_server',
  title: 'Launch servers from an image',
  description:
    'Makes a boot volume from the image (block clone when the image allows it) and boots a server from it, for ' +
    '`count` servers, all at once (BLOCKOPS_LAUNCH_CONCURRENCY caps how many). If a boot fails its volume is ' +
    'deleted unless keep_volume, and anything that could not be cleaned is reported. Returns each server with its ' +
    'addresses and which clone path Cinder took.',
  input: launchServerInput,
  output: launchServerOutput,
  effect: 'write',
  precheck: async (input, { cloud }) => precheckFromImage(await cloud(), input, true),
  preview: (i) =>
    `Launch ${i.count} server${i.count > 1 ? 's' : ''} "${i.name}" from image "${i.image}" ` +
    `(flavor ${i.flavor}, network ${i.network ?? 'auto'}${i.key_name ? `, key ${i.key_name}` : ''}` +
    `${i.size_gb ? `, ${i.size_gb} GB boot volume` : ''}).`,
  summarize: (o) =>
    `${o.servers.length} server(s) up${o.failures.length ? `, ${o.failures.length} failed` : ''}: ` +
    o.servers.map((s) => `${s.name} ${s.status} ${s.addresses.map((a) => a.addr).join(',')}`).join('; ') +
    ` (boot volumes by ${o.path})`,
  resources: (i, o) => ({
    image: i.image,
    ...(o ? { server_id: o.servers.map((s) => s.server_id), volume_id: o.servers.map((s) => s.volume_id) } : {}),
  }),
  async run(input, ctx) {
    return launch(await ctx.cloud(), input, ctx);
  },
});
