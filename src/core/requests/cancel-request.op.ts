import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { requestViewSchema } from '../engine/request-view.js';
import { requestIdInput } from './get-request.op.js';

export const cancelRequest = defineOperation({
  name: 'cancel_request',
  title: 'Cancel a request',
  description: 'Withdraws a request that has not started running. The requester or an approver can cancel.',
  input: requestIdInput.extend({ reason: z.string().max(500).optional() }),
  output: requestViewSchema,
  effect: 'write',
  managesRequests: true,
  openWorld: false,
  summarize: (r) => `${r.request_id} ${r.operation}: ${r.status}`,
  run: ({ request_id, reason }, { desk, actor }) => desk.decide(request_id, actor, { verdict: 'cancel', reason }),
});
