// Neutron v2.0 paths, relative to the network endpoint (…/v2.0).
export const networksUrl = () => 'networks';
export const networkUrl = (networkId: string) => `networks/${encodeURIComponent(networkId)}`;
