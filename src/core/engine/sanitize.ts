/** What leaves blockops towards a person or an assistant passes here: the same redaction as the audit log. */
export { redactSecrets as sanitize } from '../audit/redact.js';
