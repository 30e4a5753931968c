import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const OPENRC = { OS_AUTH_URL: 'http://k:5000/v3', OS_USERNAME: 'u', OS_PROJECT_ID: 'p' };

describe('secrets from files and commands', () => {
  it('reads <NAME>_FILE, trimming the trailing newline only', async () => {
    const path = await s.write('secrets/bot', ' xoxb-file-token \n');
    const cfg = await s.load({ SLACK_BOT_TOKEN_FILE: path });
    expect(cfg.slack.botToken).toBe(' xoxb-file-token ');
  });

  it('runs <NAME>_COMMAND with /bin/sh and uses its trimmed stdout', async () => {
    const cfg = await s.load({ ...OPENRC, OS_PASSWORD_COMMAND: 'printf "  %s\\n" "$PW_PART"-from-cmd', PW_PART: 'pw' });
    expect(cfg.openstack?.auth).toMatchObject({ password: 'pw-from-cmd' });
  });

  it('runs the command in the directory of the file that names it', async () => {
    await s.write('work/blockops.yaml', 'slack:\n  signing_secret_command: cat ./signing.txt\n');
    await s.write('work/signing.txt', 'sign-me');
    expect((await s.load()).slack.signingSecret).toBe('sign-me');
  });

  it('reads password_file / password_command keys in clouds.yaml', async () => {
    await s.write('work/pw.txt', 'pw-from-cloud-file\n');
    await s.write(
      'work/clouds.yaml',
      'clouds:\n  a:\n    auth: {auth_url: "http://k/v3", username: u, project_id: p, password_file: pw.txt}\n' +
        '  b:\n    auth_type: v3applicationcredential\n' +
        '    auth: {auth_url: "http://k/v3", application_credential_id: i, application_credential_secret_command: "echo app-cmd"}\n',
    );
    expect((await s.load({ OS_CLOUD: 'a' })).openstack?.auth).toMatchObject({ password: 'pw-from-cloud-file' });
    expect((await s.load({ OS_CLOUD: 'b' })).openstack?.auth).toMatchObject({ secret: 'app-cmd' });
  });

  it('names the setting and the exit status of a failing command, never its output', async () => {
    const msg = await s.fail(
      { SLACK_APP_TOKEN_COMMAND: 'echo xapp-leaked-token; echo also-on-stderr >&2; exit 3' },
      {},
      ['xapp-leaked-token', 'also-on-stderr'],
    );
    expect(msg).toContain('SLACK_APP_TOKEN_COMMAND (environment): the command failed with exit status 3');
  });

  it('names a command killed by a signal, and one that prints nothing', async () => {
    expect(await s.fail({ LIGHTBITS_API_ENDPOINTS: 'lb:443', LIGHTBITS_JWT_COMMAND: 'kill -9 $$' })).toContain(
      'LIGHTBITS_JWT_COMMAND (environment): the command was killed by SIGKILL',
    );
    expect(await s.fail({ ...OPENRC, OS_PASSWORD_COMMAND: 'true' })).toContain(
      'OS_PASSWORD_COMMAND (environment): the command printed nothing on stdout',
    );
  });

  it('names a missing or empty secret file by path', async () => {
    const empty = await s.write('secrets/empty', '\n');
    expect(await s.fail({ SLACK_BOT_TOKEN_FILE: empty })).toContain(
      `SLACK_BOT_TOKEN_FILE (environment): the secret file ${empty} is empty`,
    );
    expect(await s.fail({ SLACK_BOT_TOKEN_FILE: '/nonexistent/token' })).toContain(
      'SLACK_BOT_TOKEN_FILE (environment): cannot read the secret file /nonexistent/token (ENOENT)',
    );
  });

  it('refuses two ways of giving one secret, without showing either', async () => {
    const path = await s.write('secrets/pw', 'pw-in-file');
    const msg = await s.fail({ ...OPENRC, OS_PASSWORD: 'pw-direct', OS_PASSWORD_FILE: path }, {}, [
      'pw-direct',
      'pw-in-file',
    ]);
    expect(msg).toContain('OS_PASSWORD (environment): set only one of OS_PASSWORD, OS_PASSWORD_FILE');
  });

  it('does not run a command whose setting is overridden by a higher layer', async () => {
    await s.write('work/blockops.yaml', 'slack:\n  bot_token_command: "exit 1"\n');
    expect((await s.load({ SLACK_BOT_TOKEN: 'xoxb-env' })).slack.botToken).toBe('xoxb-env');
  });
});

describe('secrets given as plain values', () => {
  it('keeps a numeric clouds.yaml password as text', async () => {
    await s.write(
      'work/clouds.yaml',
      'clouds:\n  n:\n    auth: {auth_url: "http://k/v3", username: u, project_id: p, password: 123456}\n',
    );
    expect((await s.load({ OS_CLOUD: 'n' })).openstack?.auth).toMatchObject({ password: '123456' });
  });
});
