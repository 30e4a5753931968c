/**
 * Response bodies in the shape the Lightbits API gives them: proto field names from durosapiv2.proto
 * (LightBitsLabs/los-csi), uint64 as strings, enums as names. Used by the client tests' fixture servers.
 */
export const NODE_1 = '926e6df8-73e1-11ec-a624-000000000001';
export const NODE_2 = '926e6df8-73e1-11ec-a624-000000000002';
export const NODE_3 = '926e6df8-73e1-11ec-a624-000000000003';

export function volumeJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    state: 'Available',
    protectionState: 'FullyProtected',
    replicaCount: 3,
    nodeList: [NODE_1, NODE_2, NODE_3],
    UUID: '48dbbe54-1548-4444-866e-6438d4877e5f',
    nsid: 4,
    acl: { values: ['ALLOW_NONE'] },
    compression: 'false',
    size: '21474836480',
    name: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    statistics: { logicalUsedStorage: '1073741824', physicalUsedStorage: '3221225472', compressionRatio: 1 },
    IPAcl: { values: ['ALLOW_ANY'] },
    ETag: '7',
    sectorSize: 4096,
    projectName: 'default',
    primaryNodeUUID: NODE_2,
    creationTime: '2024-05-01T10:00:00Z',
    labels: [{ key: 'owner', value: 'blockops' }],
    someFieldFromANewerRelease: { nested: true },
    ...overrides,
  };
}

export function snapshotJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    state: 'Available',
    UUID: 'a1b2c3d4-0000-4000-8000-000000000001',
    name: 'for_clone_0f0e0d0c-0000-4000-8000-00000000000a',
    creationTime: '2024-05-01T10:05:00Z',
    sourceVolumeUUID: '48dbbe54-1548-4444-866e-6438d4877e5f',
    sourceVolumeName: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    replicaCount: 3,
    nodeList: [NODE_1, NODE_2, NODE_3],
    size: '21474836480',
    ETag: '2',
    projectName: 'default',
    ...overrides,
  };
}

export function nodeJson(uuid: string, name: string, state = 'Active'): Record<string, unknown> {
  return { name, UUID: uuid, state, nvmeEndpoint: '10.23.26.13:4420', failureDomains: [name], hostname: name };
}
