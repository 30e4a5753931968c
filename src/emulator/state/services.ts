/** A row of `os-services` in Cinder or Nova; the admin API can stop and start one so health checks see it. */
export interface ServiceRecord {
  service: 'cinder' | 'nova';
  id: number;
  uuid: string;
  binary: string;
  host: string;
  zone: string;
  state: 'up' | 'down';
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  updatedAt: Date;
}
