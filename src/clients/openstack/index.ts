import { ComputeClient } from './compute/compute.js';
import { ImageClient } from './image/images.js';
import { NetworkClient } from './network/networks.js';
import type { OpenStackConnectionOptions } from './options.js';
import { Session } from './session.js';
import { VolumeClient } from './volume/volumes.js';

export interface OpenStack {
  session: Session;
  image: ImageClient;
  volume: VolumeClient;
  compute: ComputeClient;
  network: NetworkClient;
}

/** One cloud connection: a Keystone session and a client per service, sharing its token. */
export function createOpenStack(opts: OpenStackConnectionOptions): OpenStack {
  const session = new Session(opts);
  return {
    session,
    image: new ImageClient(session),
    volume: new VolumeClient(session),
    compute: new ComputeClient(session),
    network: new NetworkClient(session),
  };
}

export {
  isOpenStackError,
  type OpenStackClientError,
  type OpenStackErrorCode,
  openstackError,
} from './client-error.js';
export { ComputeClient } from './compute/compute.js';
export type { ServerCreate, ServerFilters } from './compute/requests.js';
export type { ComputeService, Flavor, Keypair, Server } from './compute/types.js';
export { findByNameOrId, looksLikeUuid, orNotFound } from './find.js';
export type { Token } from './identity/types.js';
export { ImageClient, type ImageFilters } from './image/images.js';
export type { ImageCreate, ImageImport, ImagePatchOp } from './image/requests.js';
export {
  IMAGE_STATUSES,
  type Image,
  type ImageLocation,
  type ImageStatus,
  type ImportInfo,
  type StoreInfo,
} from './image/types.js';
export type { UploadOptions } from './image/upload.js';
export { WANTED_MICROVERSION } from './microversion.js';
export { NetworkClient, type NetworkFilters } from './network/networks.js';
export type { Network } from './network/types.js';
export type { OpenStackConnectionOptions, ServiceName, ServiceType } from './options.js';
export { collect } from './paginate.js';
export { REFRESH_MARGIN_MS, Session } from './session.js';
export type { VolumeCreate, VolumeFilters } from './volume/requests.js';
export type { Volume, VolumeService, VolumeType } from './volume/types.js';
export { VolumeClient } from './volume/volumes.js';
export { isTransient, type WaitOptions, type WaitResult, waitFor } from './wait.js';
