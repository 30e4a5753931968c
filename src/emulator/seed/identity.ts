import { randomBytes } from 'node:crypto';
import { seededHex32 } from '../ids.js';
import type { IdentityState } from '../state/identity.js';

export interface SeededIdentity {
  projects: { admin: string; demo: string; service: string };
  users: { admin: string; demo: string; glance: string };
  passwords: { admin: string; demo: string };
  appCredential: { id: string; secret: string };
}

const PASSWORDS = { admin: 'admin-password', demo: 'demo-password', glance: 'glance-service-password' };

/** Domain Default; projects admin, demo, service; users admin, demo, glance; roles with implications. */
export function seedIdentity(id: IdentityState): SeededIdentity {
  id.domains.set('default', { id: 'default', name: 'Default' });
  const role = (name: string) => {
    const r = { id: seededHex32(`role:${name}`), name };
    id.roles.set(r.id, r);
    return r.id;
  };
  const [admin, member, reader] = [role('admin'), role('member'), role('reader')];
  id.implied.set(admin, [member]);
  id.implied.set(member, [reader]);
  const project = (name: string, description: string) => {
    const p = { id: seededHex32(`project:${name}`), name, domainId: 'default', description };
    id.projects.set(p.id, p);
    return p.id;
  };
  const projects = {
    admin: project('admin', 'Bootstrap project for initializing the cloud.'),
    demo: project('demo', 'Project for the demo user.'),
    service: project('service', 'Project for the OpenStack services.'),
  };
  const user = (name: keyof typeof PASSWORDS, defaultProjectId: string) => {
    const u = {
      id: seededHex32(`user:${name}`),
      name,
      domainId: 'default',
      password: PASSWORDS[name],
      defaultProjectId,
    };
    id.users.set(u.id, u);
    return u.id;
  };
  const users = {
    admin: user('admin', projects.admin),
    demo: user('demo', projects.demo),
    glance: user('glance', projects.service),
  };
  id.assignments.set(`${users.admin}:${projects.admin}`, [admin]);
  id.assignments.set(`${users.demo}:${projects.demo}`, [member]);
  id.assignments.set(`${users.glance}:${projects.service}`, [admin]);
  const appCredential = {
    id: seededHex32('application-credential:admin'),
    secret: randomBytes(24).toString('base64url'),
  };
  id.appCredentials.set(appCredential.id, {
    ...appCredential,
    name: 'blockops',
    userId: users.admin,
    projectId: projects.admin,
    roleIds: [admin, member, reader],
    restricted: true,
  });
  return { projects, users, passwords: { admin: PASSWORDS.admin, demo: PASSWORDS.demo }, appCredential };
}

const CATALOG: [name: string, type: string, path: string][] = [
  ['glance', 'image', '/image'],
  ['neutron', 'network', '/network'],
  ['nova', 'compute', '/compute/v2.1'],
  ['cinderv3', 'volumev3', '/volume/v3/{project_id}'],
  ['cinder', 'block-storage', '/volume/v3/{project_id}'],
  ['keystone', 'identity', '/identity/v3/'],
];

/** The catalog: every service at its devstack-like prefix of this emulator, three interfaces, RegionOne. */
export function seedCatalog(id: IdentityState): void {
  id.catalog = CATALOG.map(([name, type, path]) => ({
    id: seededHex32(`service:${name}`),
    name,
    type,
    endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: seededHex32(`endpoint:${name}:${iface}`),
      interface: iface,
      path,
    })),
  }));
}
