export { type EventQuery, LightbitsClient } from './client.js';
export type { CreateSnapshotRequest, CreateVolumeRequest, VolumePatch } from './requests.js';
export { formatSize, GiB, parseSize } from './size.js';
export type { LightbitsConnectionOptions } from './transport.js';
export type * from './types.js';
