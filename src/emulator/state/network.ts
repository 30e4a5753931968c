export interface Network {
  id: string;
  name: string;
  projectId: string;
  shared: boolean;
  external: boolean;
  mtu: number;
  subnetIds: string[];
  createdAt: Date;
}

export interface Subnet {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  cidr: string;
  gatewayIp: string;
  poolStart: string;
  poolEnd: string;
  /** Next host number to hand out inside the pool. */
  nextHost: number;
  createdAt: Date;
}

export interface Port {
  id: string;
  networkId: string;
  subnetId: string;
  projectId: string;
  deviceId: string;
  mac: string;
  ip: string;
  createdAt: Date;
}
