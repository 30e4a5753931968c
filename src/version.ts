import { createRequire } from 'node:module';

/** blockops' version, from its package.json (dist/version.js and src/version.ts both sit one level below it). */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
