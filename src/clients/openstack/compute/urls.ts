// Nova v2.1 paths, relative to the compute endpoint (…/v2.1).
const id = encodeURIComponent;

export const flavorsDetailUrl = () => 'flavors/detail';
export const flavorUrl = (flavorId: string) => `flavors/${id(flavorId)}`;
export const keypairsUrl = () => 'os-keypairs';
export const keypairUrl = (name: string) => `os-keypairs/${id(name)}`;
export const serversUrl = () => 'servers';
export const serversDetailUrl = () => 'servers/detail';
export const serverUrl = (serverId: string) => `servers/${id(serverId)}`;
export const servicesUrl = () => 'os-services';
