/**
 * Sizes in Lightbits request bodies, as the emulator reads them. It is the emulator's own reading of the wire,
 * sharing no code with the client it stands in for, so a client bug cannot hide behind the same bug here.
 *
 * Accepted, as Cinder's Lightbits driver and Lightbits' Proxmox plugin send sizes and as protojson reads uint64:
 * - a JSON number of bytes: protojson takes a uint64 quoted or not;
 * - a string of bytes: "21474836480";
 * - a string with a unit, any case, space optional: "20 gib", "20 GiB", "4Gib"; binary KiB…PiB, decimal KB…PB,
 *   or B. The amount may have decimals ("1.5 TiB") as long as the result is a whole number of bytes.
 */
const SIZE = /^\s*(\d+)(?:\.(\d+))?\s*(?:([kmgtp])(i?)b|b)?\s*$/i;
const POWER: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** Bytes, or undefined when the value is not a size Lightbits would take. */
export function parseWireSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = SIZE.exec(value);
  if (!m) return undefined;
  const [, whole, fraction = '', prefix, binary] = m;
  const unit = prefix ? BigInt(binary ? 1024 : 1000) ** BigInt(POWER[prefix.toLowerCase()]!) : 1n;
  // Exact arithmetic: the amount's digits times the unit, divided by the power of ten the decimals stand for.
  const scaled = BigInt(`${whole}${fraction}`) * unit;
  const divisor = 10n ** BigInt(fraction.length);
  if (scaled % divisor !== 0n) return undefined;
  const bytes = scaled / divisor;
  return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : undefined;
}
