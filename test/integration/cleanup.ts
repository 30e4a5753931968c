import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenStack } from '../../src/clients/openstack/index.js';

/** Polls until `check` holds, up to `ms`; false when it never did. */
export async function eventually(check: () => Promise<boolean>, ms: number, every = 250): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(every);
  }
  return check();
}

/**
 * Deletes everything this run made (names containing its tag): servers first, then, once their volumes are
 * detached, the volumes, then the images (Glance deletes each image's Cinder volume itself). Returns what stayed.
 */
export async function deleteTagged(os: OpenStack, tag: string): Promise<string[]> {
  const left: string[] = [];
  const servers = [];
  for await (const s of os.compute.listServers({})) if (s.name.includes(tag)) servers.push(s);
  await Promise.all(servers.map((s) => os.compute.deleteServer(s.id).catch(() => {})));
  for (const s of servers) {
    const gone = await eventually(
      () =>
        os.compute.getServer(s.id).then(
          () => false,
          () => true,
        ),
      60_000,
    );
    if (!gone) left.push(`server ${s.name}`);
  }
  const volumes = [];
  for await (const v of os.volume.listVolumes({})) if (v.name.includes(tag)) volumes.push(v);
  for (const v of volumes) {
    const free = await eventually(
      () =>
        os.volume.getVolume(v.id).then(
          (x) => ['available', 'error'].includes(x.status),
          () => true,
        ),
      60_000,
    );
    await os.volume.deleteVolume(v.id).catch(() => {});
    const gone =
      free &&
      (await eventually(
        () =>
          os.volume.getVolume(v.id).then(
            () => false,
            () => true,
          ),
        60_000,
      ));
    if (!gone) left.push(`volume ${v.name}`);
  }
  for await (const i of os.image.listImages({})) {
    if (i.name.includes(tag)) await os.image.deleteImage(i.id).catch(() => left.push(`image ${i.name}`));
  }
  return left;
}
