import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { requestViewSchema } from '../engine/request-view.js';

export const requestIdInput = z.object({
  request_id: z.string().min(1).describe('The id of an approval request, as returned when it was opened (req-…).'),
});

export const getRequest = defineOperation({
  name: 'get_request',
  title: 'Get an approval request',
  description:
    'Shows one approval request: its state (pending_approval, approved, running, succeeded, failed, denied, expired, ' +
    'cancelled), who asked, who must approve, progress while it runs, and the result or error once it ends. ' +
    'Its input, preview, progress and result are shown to the requester, the approver group and admins only. ' +
    'Poll this after a tool returned pending_approval.',
  input: requestIdInput,
  output: requestViewSchema,
  effect: 'read',
  openWorld: false,
  summarize: (r) => `${r.request_id} ${r.operation}: ${r.status}${r.progress ? ` (${r.progress.message})` : ''}`,
  async run({ request_id }, { desk, actor }) {
    return desk.get(request_id, actor);
  },
});
