import type { NoteClaim } from './types.js';

/** The claim a door's note holds, when the note is only a claim (not yet what the door made). */
function claimOf(note: unknown): NoteClaim | undefined {
  if (!note || typeof note !== 'object' || Object.keys(note).length !== 1) return undefined;
  const claim = (note as { claim?: unknown }).claim;
  if (!claim || typeof claim !== 'object') return undefined;
  const { owner, until } = claim as Record<string, unknown>;
  return typeof owner === 'string' && typeof until === 'string' ? { owner, until } : undefined;
}

/** A door may claim its note when it has none, or when the claim there expired (its holder died mid-way). */
export function claimable(note: unknown, now: string): boolean {
  if (note === undefined || note === null) return true;
  const claim = claimOf(note);
  return claim !== undefined && Date.parse(claim.until) < Date.parse(now);
}

/** Whether the note is `owner`'s claim, still unreplaced by what the door made. */
export function heldBy(note: unknown, owner: string): boolean {
  return claimOf(note)?.owner === owner;
}
