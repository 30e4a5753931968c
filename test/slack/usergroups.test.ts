import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Policy } from '../../src/core/policy/policy.js';
import { policySchema } from '../../src/core/policy/schema.js';
import { usergroupResolver } from '../../src/slack/usergroups.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';

describe('Slack user groups as approvers', () => {
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await startFakeSlackApi();
    fake.setUsergroup('S_OPS', ['U_GROUPIE', 'U_OTHER']);
  });
  afterAll(() => fake.close());

  const client = () =>
    new webApi.WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });

  it('resolves the policy group with usergroups.users.list, and caches briefly', async () => {
    let now = 0;
    const policy = new Policy(
      policySchema.parse({
        version: 1,
        approver_groups: { approvers: { members: ['U_LISTED'], slack_usergroup: 'S_OPS' } },
      }),
      ['U_ENV'],
    );
    policy.setUsergroupResolver(usergroupResolver(client(), { ttlMs: 60_000, now: () => now }));
    const before = fake.callsTo('usergroups.users.list').length;
    expect(await policy.isApprover('approvers', 'U_GROUPIE')).toBe(true);
    expect(await policy.isApprover('approvers', 'U_LISTED')).toBe(true);
    expect(await policy.isApprover('approvers', 'U_ENV')).toBe(true);
    expect(await policy.isApprover('approvers', 'U_STRANGER')).toBe(false);
    expect(fake.callsTo('usergroups.users.list').length - before).toBe(1);
    expect(fake.callsTo('usergroups.users.list').at(-1)?.body['usergroup']).toBe('S_OPS');
    now = 61_000;
    fake.setUsergroup('S_OPS', ['U_NEWCOMER']);
    expect(await policy.isApprover('approvers', 'U_NEWCOMER')).toBe(true);
    expect(await policy.isApprover('approvers', 'U_GROUPIE')).toBe(false);
  });

  it('says what to check when Slack cannot be asked and nothing is known yet', async () => {
    const down = new webApi.WebClient('xoxb-test', {
      slackApiUrl: 'http://127.0.0.1:9/api/',
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    const resolve = usergroupResolver(down);
    await expect(resolve('S_OPS')).rejects.toMatchObject({ code: 'SLACK.USERGROUP_UNAVAILABLE' });
  });
});
