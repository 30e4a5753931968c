/**
 * P5's second floor for a read: bare node importing every library `blockops list-requests` loads as built today
 * (commander; zod for input validation; the store's kysely and better-sqlite3; yaml for the policy; pino), and
 * nothing of blockops. What a read costs above this is blockops' own start-up.
 */
await Promise.all(['commander', 'zod', 'kysely', 'better-sqlite3', 'yaml', 'pino'].map((name) => import(name)));

export {};
