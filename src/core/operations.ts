import { adoptImage } from './adoption/adopt-image.op.js';
import { assessImages } from './adoption/assess-images.op.js';
import { bootServer } from './boot/boot-server.op.js';
import { cloneImage } from './clone/clone-image.op.js';
import type { AnyOperation } from './engine/operation.js';
import { getFailoverStatus } from './failover/get-failover-status.op.js';
import { getHealth } from './health/get-health.op.js';
import { getImage } from './inventory/get-image.op.js';
import { getVolume } from './inventory/get-volume.op.js';
import { listImages } from './inventory/list-images.op.js';
import { listServers } from './inventory/list-servers.op.js';
import { listVolumes } from './inventory/list-volumes.op.js';
import { launchServer } from './launch/launch-server.op.js';
import { getBlastRadius } from './oncall/get-blast-radius.op.js';
import { getIncident } from './oncall/get-incident.op.js';
import { listIncidents } from './oncall/list-incidents.op.js';
import { approveRequest } from './requests/approve-request.op.js';
import { cancelRequest } from './requests/cancel-request.op.js';
import { denyRequest } from './requests/deny-request.op.js';
import { getRequest } from './requests/get-request.op.js';
import { listRequests } from './requests/list-requests.op.js';
import { queryAudit } from './requests/query-audit.op.js';
import { uploadImage } from './upload/upload-image.op.js';
import { verifyImage } from './verify/verify-image.op.js';

/** Every operation, in the order front doors list them: the one typed list. */
export const allOperations = [
  listImages,
  getImage,
  uploadImage,
  verifyImage,
  cloneImage,
  assessImages,
  adoptImage,
  listVolumes,
  getVolume,
  bootServer,
  launchServer,
  listServers,
  getHealth,
  getFailoverStatus,
  listIncidents,
  getIncident,
  getBlastRadius,
  getRequest,
  listRequests,
  approveRequest,
  denyRequest,
  cancelRequest,
  queryAudit,
] as const satisfies readonly AnyOperation[];

/** The name of every operation: doors and tests name operations with this, so a typo fails to compile. */
export type OperationName = (typeof allOperations)[number]['name'];
