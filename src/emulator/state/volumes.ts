export interface VolumeAttachment {
  attachmentId: string;
  /** Only `attached` attachments show in a volume's `attachments`. */
  attachStatus: 'reserved' | 'attaching' | 'attached';
  serverId: string | null;
  hostName: string | null;
  device: string | null;
  attachedAt: Date | null;
}

export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  projectId: string;
  userId: string;
  size: number;
  status: string;
  typeId: string;
  availabilityZone: string;
  bootable: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  /** `volume_image_metadata`: every value a string, as Cinder stores it. */
  imageMetadata: Record<string, string> | null;
  snapshotId: string | null;
  sourceVolid: string | null;
  /** `os-vol-host-attr:host`, set once scheduled (`emulator@lightbits#lightbits`). */
  host: string | null;
  serviceUuid: string | null;
  createdAt: Date;
  updatedAt: Date | null;
  attachments: VolumeAttachment[];
  /** How a volume from an image was made, for the emulator's own summary: clone or copy. */
  createdBy: 'blank' | 'image-clone' | 'image-copy' | 'volume-clone' | 'snapshot' | 'glance-store' | 'seed';
}

export interface Snapshot {
  id: string;
  name: string | null;
  description: string | null;
  volumeId: string;
  projectId: string;
  userId: string;
  size: number;
  status: string;
  metadata: Record<string, string>;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}
