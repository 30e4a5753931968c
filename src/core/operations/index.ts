import type { AnyOperation } from '../operation.js';
import { approveRequest } from './approve-request.js';
import { bootServer } from './boot-server.js';
import { cancelRequest } from './cancel-request.js';
import { cloneImage } from './clone-image.js';
import { denyRequest } from './deny-request.js';
import { getFailoverStatus } from './get-failover-status.js';
import { getHealth } from './get-health.js';
import { getImage } from './get-image.js';
import { getRequest } from './get-request.js';
import { getVolume } from './get-volume.js';
import { launchServer } from './launch-server.js';
import { listImages } from './list-images.js';
import { listRequests } from './list-requests.js';
import { listServers } from './list-servers.js';
import { listVolumes } from './list-volumes.js';
import { queryAudit } from './query-audit.js';
import { uploadImage } from './upload-image.js';
import { verifyImage } from './verify-image.js';

/** Every operation, in the order front doors list them. */
export const allOperations = [
  listImages,
  getImage,
  uploadImage,
  verifyImage,
  cloneImage,
  listVolumes,
  getVolume,
  bootServer,
  launchServer,
  listServers,
  getHealth,
  getFailoverStatus,
  getRequest,
  listRequests,
  approveRequest,
  denyRequest,
  cancelRequest,
  queryAudit,
] as unknown as AnyOperation[];
