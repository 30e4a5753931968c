import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, field, login } from './client.js';

/** Glance v2 image members as the api-ref describes them: shared images only, the owner shares, the member answers. */
describe('Glance image members', () => {
  let emu: RunningEmulator;
  let admin: string;
  let member: string;
  let memberProject: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
    member = await login(emu, 'member');
    const projects = await call(emu, 'GET', `/identity/v3/projects?name=${emu.users.member.projectName}`, {
      token: admin,
    });
    memberProject = ((field(projects, 'projects') as { id: string }[])[0] as { id: string }).id;
  });
  afterAll(() => emu.close());

  const newImage = async (visibility: string) =>
    field(
      await call(emu, 'POST', '/image/v2/images', {
        token: admin,
        body: { name: `m-${visibility}`, disk_format: 'raw', container_format: 'bare', visibility },
      }),
      'id',
    ) as string;

  it('refuses members on an image that is not shared', async () => {
    const id = await newImage('private');
    const r = await call(emu, 'POST', `/image/v2/images/${id}/members`, { token: admin, body: { member: 'p1' } });
    expect(r.status).toBe(403);
    expect((await call(emu, 'GET', `/image/v2/images/${id}/members`, { token: admin })).status).toBe(403);
  });

  it('shares, refuses the same member twice, and lets the member accept; the list shows it once accepted', async () => {
    const id = await newImage('shared');
    const added = await call(emu, 'POST', `/image/v2/images/${id}/members`, {
      token: admin,
      body: { member: memberProject },
    });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({
      image_id: id,
      member_id: memberProject,
      status: 'pending',
      schema: '/v2/schemas/member',
    });
    const again = await call(emu, 'POST', `/image/v2/images/${id}/members`, {
      token: admin,
      body: { member: memberProject },
    });
    expect(again.status).toBe(409);

    const listed = async () =>
      (field(await call(emu, 'GET', '/image/v2/images', { token: member }), 'images') as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await listed()).not.toContain(id);
    expect((await call(emu, 'GET', `/image/v2/images/${id}`, { token: member })).status).toBe(200);

    const bad = await call(emu, 'PUT', `/image/v2/images/${id}/members/${memberProject}`, {
      token: member,
      body: { status: 'maybe' },
    });
    expect(bad.status).toBe(400);
    const accepted = await call(emu, 'PUT', `/image/v2/images/${id}/members/${memberProject}`, {
      token: member,
      body: { status: 'accepted' },
    });
    expect(field(accepted, 'status')).toBe('accepted');
    expect(await listed()).toContain(id);

    const members = await call(emu, 'GET', `/image/v2/images/${id}/members`, { token: admin });
    expect(field(members, 'schema')).toBe('/v2/schemas/members');
    expect((field(members, 'members') as unknown[]).length).toBe(1);
  });
});
