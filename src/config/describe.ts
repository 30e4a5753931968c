import type { BlockopsConfig, LightbitsSettings, OpenStackSettings } from './types.js';
import { redactUrl } from './values.js';

const setOrNot = (v: string | undefined) => (v ? 'set' : 'not set');

/** OpenStack settings without the password or application-credential secret. */
function describeOpenStack(s: OpenStackSettings): Record<string, unknown> {
  const a = s.auth;
  const auth =
    a.type === 'password'
      ? {
          type: 'password',
          username: a.username,
          userId: a.userId,
          userDomainName: a.userDomainName,
          userDomainId: a.userDomainId,
          password: 'set',
        }
      : { type: 'application_credential', id: a.id, name: a.name, username: a.username, secret: 'set' };
  return {
    authUrl: redactUrl(s.authUrl),
    auth,
    project: s.project,
    regionName: s.regionName,
    interface: s.interface,
    caFile: s.caFile,
    insecure: s.insecure ?? false,
    endpointOverride: s.endpointOverride,
  };
}

function describeLightbits(l: LightbitsSettings): Record<string, unknown> {
  return { endpoints: l.endpoints, project: l.project, caFile: l.caFile, insecure: l.insecure ?? false, jwt: 'set' };
}

/** A secrets-free summary for `blockops doctor` and logs: tokens appear only as `set` / `not set`. */
export function describeConfig(cfg: BlockopsConfig): Record<string, unknown> {
  return {
    openstack: cfg.openstack ? describeOpenStack(cfg.openstack) : 'not configured (built-in emulator)',
    lightbits: cfg.lightbits ? describeLightbits(cfg.lightbits) : 'not configured (built-in emulator)',
    volumeType: cfg.volumeType,
    imageDirs: cfg.imageDirs,
    databaseUrl: redactUrl(cfg.databaseUrl),
    audit: {
      key: cfg.audit.key ? 'set' : 'not set (generated next to the SQLite file)',
      retiredKeys: cfg.audit.retiredKeys.length,
      anchorsFile: cfg.audit.anchorsFile,
      anchorEvery: cfg.audit.anchorEvery,
      anchorSeconds: cfg.audit.anchorSeconds,
    },
    policyFile: cfg.policyFile,
    approvers: cfg.approvers,
    readOnly: cfg.readOnly,
    server: cfg.server,
    slack: {
      botToken: setOrNot(cfg.slack.botToken),
      signingSecret: setOrNot(cfg.slack.signingSecret),
      appToken: setOrNot(cfg.slack.appToken),
      apiUrl: cfg.slack.apiUrl,
      approvalsChannel: cfg.slack.approvalsChannel,
      oncallChannel: cfg.slack.oncallChannel,
      oncallMention: cfg.slack.oncallMention,
    },
    remote: { url: cfg.remote.url && redactUrl(cfg.remote.url), token: setOrNot(cfg.remote.token) },
    mcpTokensFile: cfg.mcpTokensFile,
    mcpSessionsPerIdentity: cfg.mcpSessionsPerIdentity,
    mcpSessionIdleMinutes: cfg.mcpSessionIdleMinutes,
    emulatorSpeed: cfg.emulatorSpeed,
  };
}
