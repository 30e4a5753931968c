import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { redactUrlsIn } from '../core/cloud/redact-url.js';
import type { Logger } from '../log.js';

/** Bolt's and the Web API client's logs, through our pino logger (stderr, secrets redacted). */
export function boltLogger(base: Logger): BoltLogger {
  let level: LogLevel = base.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO;
  let child = base.child({ door: 'slack' });
  const write = (lvl: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    // Bolt logs at debug on every request: skip the formatting unless it is written.
    if (!child.isLevelEnabled(lvl)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    // Bolt logs whole request bodies at debug: a slash command's text may hold a pre-signed URL.
    const text = redactUrlsIn(
      msg
        .filter((m) => !(m instanceof Error))
        .map((m) => (typeof m === 'string' ? m : safeJson(m)))
        .join(' '),
    );
    if (err) child[lvl]({ err }, text || err.message);
    else child[lvl](text);
  };
  return {
    debug: (...m: unknown[]) => write('debug', m),
    info: (...m: unknown[]) => write('info', m),
    warn: (...m: unknown[]) => write('warn', m),
    error: (...m: unknown[]) => write('error', m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = base.child({ door: 'slack', name });
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
