import { describe, expect, it } from 'vitest';
import { allowedHostsFor, allowedOriginsFor, hostAllowed } from '../../src/mcp/http-guard.js';

const settings = { host: '127.0.0.1', port: 3000, allowedHosts: [], allowedOrigins: [] };

describe('MCP HTTP host and origin allowlist', () => {
  it('defaults to the loopback host:port the server listens on', () => {
    const hosts = allowedHostsFor(settings, 'http://127.0.0.1:4567');
    expect(hosts).toEqual(['127.0.0.1:4567', 'localhost:4567', '[::1]:4567']);
    expect(hostAllowed('127.0.0.1:4567', hosts)).toBe(true);
    expect(hostAllowed('LOCALHOST:4567', hosts)).toBe(true);
    expect(hostAllowed('127.0.0.1:80', hosts)).toBe(false);
    expect(hostAllowed('evil.example:4567', hosts)).toBe(false);
    expect(hostAllowed(undefined, hosts)).toBe(false);
    expect(allowedOriginsFor(settings, hosts)).toContain('http://localhost:4567');
  });

  it('takes configured hosts, where a bare name allows any port', () => {
    const hosts = allowedHostsFor(
      { ...settings, allowedHosts: ['blockops.example.com', 'proxy:8443'] },
      'http://0.0.0.0:3000',
    );
    expect(hostAllowed('blockops.example.com', hosts)).toBe(true);
    expect(hostAllowed('blockops.example.com:443', hosts)).toBe(true);
    expect(hostAllowed('proxy:8443', hosts)).toBe(true);
    expect(hostAllowed('proxy:9000', hosts)).toBe(false);
    expect(allowedOriginsFor({ ...settings, allowedOrigins: ['https://ops.example.com/'] }, hosts)).toEqual([
      'https://ops.example.com',
    ]);
  });
});
