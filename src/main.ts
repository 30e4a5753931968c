#!/usr/bin/env node
import { buildProgram } from './cli/program.js';

// Exit codes are set by each command through process.exitCode; an uncaught failure here is a bug.
Promise.resolve()
  .then(() => buildProgram().parseAsync(process.argv))
  .catch((e: unknown) => {
    process.stderr.write(`blockops: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
