import { z } from 'zod';

const actorId = z.string().min(1);

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
     * The CLI run directly on the store, as the operating-system user. `approve` unset: allowed on SQLite (one
     * machine), refused on PostgreSQL (shared: approve through Slack or `blockops serve` with a token instead).
     */
    local_cli: z.object({ approve: z.boolean().optional() }).strict().default({}),
  })
  .strict();

export type PolicyDoc = z.output<typeof policySchema>;
export type ApprovalRule = z.output<typeof approvalRule>;
export type Limits = z.output<typeof limitsRule>;
