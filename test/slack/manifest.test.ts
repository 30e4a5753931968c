import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML
type Json = any;
const manifest = (file: string): Json =>
  parse(readFileSync(join(import.meta.dirname, '../../manifests/slack', file), 'utf8'));

describe('Slack app manifests', () => {
  it('HTTP mode: /blockops and interactivity (buttons, forms, select options) on /slack/events, no Socket Mode', () => {
    const m = manifest('manifest.yaml');
    expect(m.features.slash_commands).toHaveLength(1);
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/blockops', should_escape: false });
    expect(m.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(m.settings.interactivity.message_menu_options_url).toMatch(/\/slack\/events$/);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('Socket Mode: the same command and scopes, no URLs', () => {
    const http = manifest('manifest.yaml');
    const socket = manifest('manifest.socket-mode.yaml');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.features.slash_commands[0].url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
    expect(socket.oauth_config.scopes.bot).toEqual(http.oauth_config.scopes.bot);
  });

  it('asks for the scopes the app uses', () => {
    const scopes = manifest('manifest.yaml').oauth_config.scopes.bot;
    for (const s of ['commands', 'chat:write', 'usergroups:read', 'im:write']) expect(scopes).toContain(s);
  });
});
