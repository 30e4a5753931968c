import type { VerifyImageOutput } from '../../core/verify/schema.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText } from './escape.js';

const STEP_ICON: Record<string, string> = {
  ok: ':white_check_mark:',
  warning: ':warning:',
  failed: ':x:',
  not_configured: ':heavy_minus_sign:',
  skipped: ':heavy_minus_sign:',
};

const VERDICT: Record<string, string> = {
  'block-native': ':zap: block-native: boots by block-level clone',
  'file-backed': ':turtle: file-backed: each boot volume is a full copy',
  broken: ':x: broken',
};

/** verify_image: the verdict, then each step from Glance down to the Lightbits volume. */
export function renderVerify(out: VerifyImageOutput): SlackMessage {
  const steps = out.steps.map((s) => `${STEP_ICON[s.status] ?? ''} *${s.step}*: ${escapeText(s.detail)}`);
  const blocks = [
    header(`Verify ${out.image_name}`),
    ...sections([`${VERDICT[out.verdict] ?? escapeText(out.verdict)}\n${escapeText(out.summary)}`]),
    ...sections(steps),
  ];
  if (out.warnings.length) blocks.push(...sections(out.warnings.map((w) => `:warning: ${escapeText(w)}`)));
  const ids = [`image ${code(out.image_id)}`, out.volume_id ? `volume ${code(out.volume_id)}` : undefined];
  if (out.lightbits_volume_uuid) ids.push(`Lightbits ${code(out.lightbits_volume_uuid)}`);
  blocks.push(context(ids.filter(Boolean).join(' · ')));
  return message(`${escapeText(out.image_name)}: ${escapeText(out.verdict)} — ${escapeText(out.summary)}`, blocks);
}
