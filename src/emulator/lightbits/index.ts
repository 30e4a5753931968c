export type { LightbitsBackend } from './backend.js';
export {
  createLightbitsCluster,
  type LightbitsCluster,
  type LightbitsClusterOptions,
  type LightbitsNodeView,
} from './cluster.js';
export {
  type LightbitsEndpoints,
  type LightbitsEndpointsOptions,
  type LightbitsExchange,
  startLightbitsEndpoints,
} from './endpoints.js';
export { LightbitsApiError } from './errors.js';
export { DELAYS } from './model.js';
export { makeSelfSignedCert, type SelfSignedCert } from './tls.js';
