export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  rxtxFactor: number;
  isPublic: boolean;
  disabled: boolean;
  description: string | null;
  extraSpecs: Record<string, string>;
}

export interface Keypair {
  id: number;
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: 'ssh' | 'x509';
  createdAt: Date;
}

export interface ServerNic {
  networkId: string;
  networkName: string;
  portId: string;
  ip: string;
  mac: string;
}

export interface ServerVolume {
  id: string;
  deleteOnTermination: boolean;
  device: string;
}

export interface ServerFault {
  code: number;
  message: string;
  created: Date;
  details: string;
}

export interface Server {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavor: Flavor;
  imageId: string | null;
  keyName: string | null;
  status: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  createdAt: Date;
  updatedAt: Date;
  launchedAt: Date | null;
  hostId: string;
  host: string | null;
  instanceName: string;
  reservationId: string;
  volumes: ServerVolume[];
  nics: ServerNic[];
  metadata: Record<string, string>;
  fault: ServerFault | null;
  description: string | null;
  tags: string[];
  userData: string | null;
  availabilityZone: string;
  locked: boolean;
  securityGroups: string[];
}
