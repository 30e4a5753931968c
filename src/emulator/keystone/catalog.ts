import type { Emu } from '../runtime.js';

/** The service catalog of a project-scoped token, every endpoint pointing back at this emulator. */
export function catalogFor(emu: Emu, projectId: string): unknown[] {
  const base = emu.config.baseUrl;
  return emu.state.identity.catalog.map((svc) => ({
    endpoints: svc.endpoints.map((ep) => ({
      id: ep.id,
      interface: ep.interface,
      region: emu.config.region,
      region_id: emu.config.region,
      url: base + ep.path.replace('{project_id}', projectId),
    })),
    id: svc.id,
    name: svc.name,
    type: svc.type,
  }));
}
