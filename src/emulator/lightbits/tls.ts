import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSignedCert {
  key: Buffer;
  cert: Buffer;
  /** The certificate (PEM): what a client (the Cinder driver, blockops' LIGHTBITS_CACERT) trusts. */
  certPath: string;
}

const run = promisify(execFile);

/**
 * A fresh self-signed certificate (P-256, valid 2 days) for the API addresses, made with the `openssl` CLI
 * (Node can verify certificates but not issue them). Written to dir as cert.pem and key.pem (mode 600); each
 * address is a subjectAltName, IP or DNS, since the driver connects to bare IP addresses and verifies them.
 */
export async function makeSelfSignedCert(dir: string, hosts: string[]): Promise<SelfSignedCert> {
  if (hosts.length === 0) throw new Error('a certificate needs at least one host');
  for (const h of hosts) {
    if (!/^[A-Za-z0-9.:-]+$/.test(h)) throw new Error(`not a host name or IP address: ${JSON.stringify(h)}`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  await rm(keyPath, { force: true });
  const san = [...new Set(hosts)].map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/O=blockops emulator/CN=emulated Lightbits API',
      '-addext',
      `subjectAltName=${san}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { timeout: 30_000 },
  );
  await chmod(keyPath, 0o600);
  return { key: await readFile(keyPath), cert: await readFile(certPath), certPath };
}
