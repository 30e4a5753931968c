import { type BlockopsConfig, configSources } from '../config/index.js';
import { OpsError } from '../core/errors/ops-error.js';
import { DEFAULT_POLICY_FILE } from '../core/policy/load.js';

/**
 * BLOCKOPS_APPROVERS, honoured only where nothing real is at stake: on the built-in emulator it adds members to
 * `approvers` (said on stderr); with a real cloud approvers come from the policy file and Slack user groups only,
 * so anyone who can set an environment variable cannot make themselves an approver.
 */
export function demoApprovers(config: BlockopsConfig, onEmulator: boolean, notice: (line: string) => void): string[] {
  if (!config.approvers.length) return [];
  const names = config.approvers.join(', ');
  const source = configSources(config)?.['approvers'] ?? 'BLOCKOPS_APPROVERS';
  const edit = config.policyFile
    ? `add them under approver_groups.approvers.members in the policy file ${config.policyFile}`
    : `copy ${DEFAULT_POLICY_FILE} to a file of your own, add them under approver_groups.approvers.members ` +
      'there, and point BLOCKOPS_POLICY at it';
  if (!onEmulator) {
    throw new OpsError(
      'CONFIG.INVALID',
      `BLOCKOPS_APPROVERS (${names}, from ${source}) only works on the built-in emulator, as a demo. With a real ` +
        `cloud approvers come from the policy file and Slack user groups: ${edit}; then unset BLOCKOPS_APPROVERS.`,
    );
  }
  notice(
    `blockops: BLOCKOPS_APPROVERS adds ${names} to the approvers group: a demo setting, honoured only on the ` +
      `built-in emulator. With a real cloud it is refused: ${edit}.`,
  );
  return config.approvers;
}
