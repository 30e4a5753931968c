export { openStore, parseDatabaseUrl } from './open-store.js';
export type * from './types.js';
export { FINAL_STATES } from './types.js';
