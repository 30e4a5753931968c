import type { Server } from 'node:http';
import { OpsError } from '../core/errors/ops-error.js';

/** Listens, or fails with what stopped it and what to do about it (a port in use, a privileged port, a foreign address). */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => reject(listenError(e, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function listenError(e: NodeJS.ErrnoException, host: string, port: number): OpsError {
  const where = `port ${port} on ${host}`;
  const options = { cause: e, details: { host, port, errno: e.code } };
  switch (e.code) {
    case 'EADDRINUSE':
      return new OpsError(
        'SERVE.PORT_IN_USE',
        `Cannot listen: ${where} is already in use (EADDRINUSE). Stop the other process or set --port/PORT.`,
        options,
      );
    case 'EACCES':
      return new OpsError(
        'SERVE.LISTEN_FAILED',
        `Cannot listen: ${where} needs privileges this process does not have (EACCES). Set --port/PORT to 1024 or above.`,
        options,
      );
    case 'EADDRNOTAVAIL':
      return new OpsError(
        'SERVE.LISTEN_FAILED',
        `Cannot listen: ${host} is not an address of this machine (EADDRNOTAVAIL). Set --host/BLOCKOPS_HOST.`,
        options,
      );
    default:
      return new OpsError('SERVE.LISTEN_FAILED', `Cannot listen on ${where}: ${e.message}`, options);
  }
}
