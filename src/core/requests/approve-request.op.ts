import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { requestViewSchema } from '../engine/request-view.js';
import { requestIdInput } from './get-request.op.js';

export const approveRequest = defineOperation({
  name: 'approve_request',
  title: 'Approve a request',
  description:
    'Approves a pending request as the calling person. The requester cannot approve their own request, only members ' +
    'of the request’s approver group can, and assistants never can. Once enough approvals are in, the action runs ' +
    'at once and this returns its outcome.',
  input: requestIdInput.extend({ comment: z.string().max(500).optional() }),
  output: requestViewSchema,
  effect: 'write',
  managesRequests: true,
  peopleOnly: true,
  openWorld: false,
  summarize: (r) => `${r.request_id} ${r.operation}: ${r.status}`,
  run: ({ request_id, comment }, { desk, actor, progress }) =>
    desk.decide(request_id, actor, { verdict: 'approve', comment }, { onProgress: progress }),
});
