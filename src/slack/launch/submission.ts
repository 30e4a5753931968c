import { LAUNCH_FIELDS } from '../render/launch-modal.js';

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** The launch form's state → launch_server input; "auto" network means: leave it to Nova. */
export function launchInputFromForm(values: StateValues): Record<string, unknown> {
  const read = (field: keyof typeof LAUNCH_FIELDS): string | undefined => {
    const { block, action } = LAUNCH_FIELDS[field];
    const v = values[block]?.[action];
    const raw = v?.selected_option?.value ?? v?.value ?? undefined;
    return raw === null || raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const input: Record<string, unknown> = {};
  for (const field of ['image', 'flavor', 'network', 'key_name', 'name'] as const) {
    const v = read(field);
    if (v !== undefined && !(field === 'network' && v === 'auto')) input[field] = v;
  }
  for (const field of ['size_gb', 'count'] as const) {
    const v = read(field);
    if (v !== undefined) input[field] = Number(v);
  }
  return input;
}

/** Zod issues of the launch input → the form's inline errors (block id → message). */
export function formErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '') as keyof typeof LAUNCH_FIELDS;
    const block = LAUNCH_FIELDS[field]?.block ?? LAUNCH_FIELDS.name.block;
    errors[block] ??= issue.message;
  }
  return errors;
}
