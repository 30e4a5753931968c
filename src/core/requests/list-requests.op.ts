import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { requestViewSchema } from '../engine/request-view.js';

const STATES = [
  'pending_approval',
  'approved',
  'denied',
  'expired',
  'cancelled',
  'running',
  'succeeded',
  'failed',
] as const;

export const listRequests = defineOperation({
  name: 'list_requests',
  title: 'List approval requests',
  description:
    'Lists approval requests, newest first. Filter by status (pending_approval shows what waits for a decision), ' +
    'requester or operation. Inputs and previews show only on your own requests, those your group approves, or to admins.',
  input: z.object({
    status: z.enum(STATES).optional().describe('Only requests in this state.'),
    requester: z.string().optional().describe('Only requests by this actor id.'),
    operation: z.string().optional().describe('Only requests for this operation, e.g. launch_server.'),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  output: z.object({ requests: z.array(requestViewSchema) }),
  effect: 'read',
  openWorld: false,
  summarize: (o) => `${o.requests.length} request(s)`,
  async run(input, { desk, actor }) {
    const state = input.status === 'pending_approval' ? 'pending' : input.status;
    const requests = await desk.list(
      {
        state,
        requester: input.requester,
        operation: input.operation,
        limit: input.limit,
      },
      actor,
    );
    return { requests };
  },
});
