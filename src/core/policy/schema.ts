import { z } from 'zod';

const actorId = z.string().min(1);

const imageHost = z.string().regex(/^(\*|\[[0-9a-fA-F:.]+\](:\d{1,5})?|[^\s/:@?#[\]]+(:\d{1,5})?)$/, {
  message:
    'an image host is a host name or address with an optional port (images.example.com, 10.0.0.5:8080, ' +
    '[fd00::5]:8080), or * for any host on a public address; no scheme or path',
});

export const approvalRule = z
  .object({
    approvals: z.number().int().min(1).max(10).default(1),
    group: z.string().min(1).default('approvers'),
    /** Lets the requester confirm their own action (MCP elicitation); never lets an assistant approve itself. */
    allow_self_confirmation: z.boolean().default(false),
  })
  .strict();

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
    approval: z.union([approvalRule, z.literal(false)]).default(false),
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
    /**
     * Where upload_image may download from: host or host:port entries, which may be on internal addresses, and `*`
     * for any other host on a public address. Link-local and metadata addresses are never fetched.
     */
    image_hosts: z.array(imageHost).default(['*']),
  })
  .strict();

export type PolicyDoc = z.output<typeof policySchema>;
export type ApprovalRule = z.output<typeof approvalRule>;
export type Limits = z.output<typeof limitsRule>;
