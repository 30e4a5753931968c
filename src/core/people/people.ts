import type { Actor, FrontDoor } from './actor.js';

/** The policy's `people:` section: each person's ids, per door. */
export type PeopleDoc = Record<string, { slack: string[]; mcp: string[]; cli: string[] }>;

type Door = 'slack' | 'mcp' | 'cli';
const DOORS: readonly Door[] = ['slack', 'mcp', 'cli'];

/** Slack user ids are upper-case and compared exactly; CLI logins and MCP identity names in any case. */
function idKey(door: Door, id: string): string {
  return door === 'slack' ? id : id.toLowerCase();
}

/**
 * Who is who across doors. A person is named by the policy's `people:` key (lower-cased); an id that maps to nobody
 * is its own person, lower-cased, so `Alice` at the CLI and `alice` over MCP are one person even unmapped. This is
 * the one answer to "is this the same human?", used for self-approval, N-of-M, deny and cancel.
 */
export class People {
  private readonly byDoor = new Map<Door, Map<string, string>>(DOORS.map((d) => [d, new Map()]));
  private readonly names = new Set<string>();

  constructor(doc: PeopleDoc = {}) {
    for (const [person, ids] of Object.entries(doc)) {
      const name = person.toLowerCase();
      this.names.add(name);
      for (const door of DOORS) for (const id of ids[door]) this.byDoor.get(door)?.set(idKey(door, id), name);
    }
  }

  /** The person behind an actor: for an assistant, the person it acts for when that is known. */
  personOf(actor: Actor): string {
    // A token's `person` (MCP over HTTP, or the CLI through serve) names who is behind it.
    if ((actor.via === 'mcp' || actor.via === 'api') && actor.onBehalfOf) return this.personOfId(actor.onBehalfOf);
    const mapped = this.lookup(actor.via, actor.id);
    if (mapped) return mapped;
    // `mcp:<login>` is the stdio identity of that login's assistant.
    if (actor.via === 'mcp' && actor.id.startsWith('mcp:')) return this.personOfId(actor.id.slice(4));
    return actor.id.toLowerCase();
  }

  /**
   * The person an id names where its door is not known: an approver group's member, BLOCKOPS_APPROVERS, a token's
   * `person`. A person's own name first, then their ids at any door.
   */
  personOfId(id: string): string {
    const lower = id.toLowerCase();
    if (this.names.has(lower)) return lower;
    for (const door of DOORS) {
      const mapped = this.byDoor.get(door)?.get(idKey(door, id));
      if (mapped) return mapped;
    }
    return lower;
  }

  private lookup(via: FrontDoor, id: string): string | undefined {
    if (via === 'system') return undefined;
    // The API's callers are the identities of the same tokens file as MCP's.
    const door = via === 'api' ? 'mcp' : via;
    return this.byDoor.get(door)?.get(idKey(door, id));
  }
}

/** Problems with a people section: an id listed for two people, or two people whose names differ only in case. */
export function sharedIds(doc: PeopleDoc): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const names = new Map<string, string>();
  for (const [person, ids] of Object.entries(doc)) {
    const other = names.get(person.toLowerCase());
    if (other) problems.push(`"${other}" and "${person}" are one name (names are compared in any case); merge them`);
    names.set(person.toLowerCase(), person);
    for (const door of DOORS) {
      for (const id of ids[door]) {
        const key = `${door}:${idKey(door, id)}`;
        const owner = owners.get(key);
        if (owner && owner !== person) {
          problems.push(`the ${door} id "${id}" is listed for both "${owner}" and "${person}"; an id is one person's`);
        }
        owners.set(key, person);
      }
    }
  }
  return problems;
}
