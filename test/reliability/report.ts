import { appendFileSync } from 'node:fs';

/** One case of the reliability suite: what was tried, whether it held, and what was measured. */
export interface CaseRow {
  suite: string;
  case: string;
  held: boolean;
  figures?: string | undefined;
}

/** Appends a case's row to the run's report (printed as a table when the run ends). */
export function record(row: CaseRow): void {
  const file = process.env['BLOCKOPS_RELIABILITY_REPORT'];
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** Runs one case and records it: held when the body finished without throwing. */
export async function reliabilityCase(
  suite: string,
  name: string,
  body: () => Promise<string | undefined>,
): Promise<void> {
  try {
    const figures = await body();
    record({ suite, case: name, held: true, figures: figures ?? undefined });
  } catch (e) {
    record({ suite, case: name, held: false, figures: (e as Error).message.split('\n')[0]?.slice(0, 120) });
    throw e;
  }
}
