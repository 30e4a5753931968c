// The one place the docs scripts learn where src/ keeps the operation registry.

export { type AnyOperation, annotationsFor, cliName, mayNeedApproval } from '../../src/core/engine/operation.js';
export { allOperations } from '../../src/core/operations.js';
