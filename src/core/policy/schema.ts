import { z } from 'zod';
import { sharedIds } from '../people/people.js';

const actorId = z.string().min(1);

/** One person's ids, per door. */
const personIds = z
  .object({
    /** Slack user ids (U0123ABCD): exact, as Slack writes them. */
    slack: z
      .array(z.string().regex(/^[UW][A-Z0-9_]+$/, { error: 'must be a Slack user id such as U0123ABCD' }))
      .default([]),
    /** MCP identities (a token's identity, BLOCKOPS_MCP_IDENTITY): any case. */
    mcp: z.array(actorId).default([]),
    /** CLI logins (BLOCKOPS_ACTOR, the login name): any case. */
    cli: z.array(actorId).default([]),
  })
  .strict();

const SELF_CONFIRMATION_ALONE =
  'allow_self_confirmation lets the requester confirm their own request instead of any approval, so it cannot be ' +
  'combined with approvals or group. Write `approval: { allow_self_confirmation: true }` for an operation the ' +
  'requester may confirm alone (in an MCP client that asks them), or remove allow_self_confirmation to require ' +
  "the group's approval.";

/**
 * Either N approvals from a group, or (allow_self_confirmation, alone) the requester's own confirmation in a client
 * that asks its person. Never both: a confirmation by the requester must not stand in for a group's approval.
 */
const imageHost = z.string().regex(/^(\*|\[[0-9a-fA-F:.]+\](:\d{1,5})?|[^\s/:@?#[\]]+(:\d{1,5})?)$/, {
  message:
    'an image host is a host name or address with an optional port (images.example.com, 10.0.0.5:8080, ' +
    '[fd00::5]:8080), or * for any host on a public address; no scheme or path',
});

export const approvalRule = z
  .object({
    approvals: z.number().int().min(1).max(10).optional(),
    group: z.string().min(1).optional(),
    /** Lets the requester confirm their own action (MCP elicitation); never lets an assistant approve itself. */
    allow_self_confirmation: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.allow_self_confirmation && (r.approvals !== undefined || r.group !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['allow_self_confirmation'], message: SELF_CONFIRMATION_ALONE });
    }
  })
  .transform((r) =>
    r.allow_self_confirmation
      ? { approvals: 0, group: null, allow_self_confirmation: true as const }
      : { approvals: r.approvals ?? 1, group: r.group ?? 'approvers', allow_self_confirmation: false as const },
  );

export const limitsRule = z
  .object({
    max_size_gb: z.number().int().positive().optional(),
    max_count: z.number().int().positive().optional(),
    allowed_volume_types: z.array(z.string()).optional(),
    allowed_flavors: z.array(z.string()).optional(),
    allowed_networks: z.array(z.string()).optional(),
  })
  .strict();

export const operationRule = z
  .object({
    // `false` (no approval) is read as absent, so a mistake inside a rule is reported as itself, not as "not false".
    approval: z.preprocess((v) => (v === false ? undefined : v), approvalRule.optional()),
    limits: limitsRule.default({}),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    expiry_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(30),
    approver_groups: z
      .record(
        z.string(),
        z
          .object({
            members: z.array(actorId).default([]),
            /** Slack user group id (S…), resolved by the Slack front door with usergroups.users.list. */
            slack_usergroup: z.string().optional(),
          })
          .strict(),
      )
      .default({}),
    /** role → operation names, or the words `read`, `write`, `*`. */
    roles: z.record(z.string(), z.array(z.string())).default({}),
    /** actor id (or `*` for everyone else) → roles. */
    actors: z.record(z.string(), z.array(z.string())).default({}),
    operations: z.record(z.string(), operationRule).default({}),
    rate_limits: z.object({ writes_per_hour: z.number().int().positive().optional() }).strict().default({}),
    /** person → their ids per door: one person, however many doors they come through (see people/people.ts). */
    people: z.record(z.string().min(1), personIds).default({}),
    /**
     * Where upload_image may download from: host or host:port entries, which may be on internal addresses, and `*`
     * for any other host on a public address. Link-local and metadata addresses are never fetched.
     */
    image_hosts: z.array(imageHost).default(['*']),
    /**
     * The CLI run directly on the store, as the operating-system user. `approve` unset: allowed on SQLite (one
     * machine), refused on PostgreSQL (shared: approve through Slack or `blockops serve` with a token instead).
     */
    local_cli: z.object({ approve: z.boolean().optional() }).strict().default({}),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const problem of sharedIds(doc.people)) ctx.addIssue({ code: 'custom', path: ['people'], message: problem });
  });

export type PolicyDoc = z.output<typeof policySchema>;
export type ApprovalRule = z.output<typeof approvalRule>;
export type Limits = z.output<typeof limitsRule>;
