import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { requestViewSchema } from '../engine/request-view.js';
import { requestIdInput } from './get-request.op.js';

export const denyRequest = defineOperation({
  name: 'deny_request',
  title: 'Deny a request',
  description: 'Denies a pending request, with a reason the requester will see. Only the approver group can deny.',
  input: requestIdInput.extend({ reason: z.string().trim().min(1).max(500).describe('Why, for the requester.') }),
  output: requestViewSchema,
  effect: 'write',
  managesRequests: true,
  peopleOnly: true,
  openWorld: false,
  summarize: (r) => `${r.request_id} ${r.operation}: ${r.status}`,
  run: ({ request_id, reason }, { desk, actor }) => desk.decide(request_id, actor, { verdict: 'deny', reason }),
});
