// The one place the docs scripts learn where src/ keeps the operation registry: repoint these when it moves.

export { type AnyOperation, annotationsFor, cliName, mayNeedApproval } from '../../src/core/operation.js';
export { allOperations } from '../../src/core/operations/index.js';
