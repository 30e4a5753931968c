import type { VerifiedLog } from '../core/audit/verify.js';

const short = (keyId: string) => keyId.slice(0, 8);

/** What `audit verify` says of an intact log: what was checked, and what the check cannot vouch for. */
export function describeVerified(result: VerifiedLog, anchorsFile: string | undefined, hadAnchors: boolean): string {
  const lines = [`audit log intact: ${result.count} record(s), hash chain verified`];
  const keyed = result.count - result.legacy;
  if (keyed > 0) {
    const keys = result.keyIds.map(short).join(' → ');
    const first = result.legacy + 1;
    lines.push(`  seq ${first}–${result.count}: MACs verified (audit key ${keys})`);
  }
  if (result.legacy > 0) {
    lines.push(
      `  seq 1–${result.legacy}: legacy, written before blockops had an audit key: hash-chained but not keyed, so a ` +
        'database writer could have rewritten them',
    );
  }
  if (result.lastAnchor) {
    const a = result.lastAnchor;
    lines.push(`  anchors: ${result.anchorsChecked} matched; the last, at ${a.at}, recorded seq ${a.seq}`);
  } else if (!anchorsFile) {
    lines.push('  anchors: none (no anchors file for this database): records cut off the end would go unnoticed');
  } else {
    lines.push(
      `  anchors: none yet in ${anchorsFile}${hadAnchors ? '' : ' (no such file)'}: records cut off the end would go unnoticed`,
    );
  }
  return lines.join('\n');
}
