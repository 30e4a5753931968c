import type { Actor } from '../people/actor.js';
import { People } from '../people/people.js';
import type { ApprovalRule, Limits, PolicyDoc } from './schema.js';

/** Resolves a Slack user group to user ids; the Slack front door plugs one in. */
export type UsergroupResolver = (usergroupId: string) => Promise<string[]>;

export class Policy {
  private usergroupResolver: UsergroupResolver | undefined;
  /** Who is who across doors (the `people:` section). */
  readonly people: People;

  constructor(
    readonly doc: PolicyDoc,
    /** BLOCKOPS_APPROVERS: added to the `approvers` group. */
    private readonly extraApprovers: string[] = [],
  ) {
    this.people = new People(doc.people);
  }

  get expiryMs(): number {
    return this.doc.expiry_minutes * 60_000;
  }

  setUsergroupResolver(r: UsergroupResolver): void {
    this.usergroupResolver = r;
  }

  rolesOf(actorId: string): string[] {
    return this.doc.actors[actorId] ?? this.doc.actors['*'] ?? [];
  }

  /** Whether any of the actor's roles allows the operation. */
  allows(op: { name: string; effect: 'read' | 'write' }, actorId: string): boolean {
    return this.rolesOf(actorId).some((role) =>
      (this.doc.roles[role] ?? []).some((grant) => grant === '*' || grant === op.effect || grant === op.name),
    );
  }

  /** An admin sees every request's inputs: one of their roles grants the word `admin`. */
  isAdmin(actorId: string): boolean {
    return this.rolesOf(actorId).some((role) => (this.doc.roles[role] ?? []).includes('admin'));
  }

  approvalFor(opName: string): ApprovalRule | undefined {
    return this.doc.operations[opName]?.approval;
  }

  limitsFor(opName: string): Limits {
    return this.doc.operations[opName]?.limits ?? {};
  }

  /** Whether a person at a local CLI may approve: `local_cli.approve`, else only where the store is one machine's. */
  localCliApproves(storeEngine: 'sqlite' | 'postgres'): boolean {
    return this.doc.local_cli?.approve ?? storeEngine === 'sqlite';
  }

  referencedGroups(): string[] {
    return Object.values(this.doc.operations)
      .map((r) => r.approval?.group ?? undefined)
      .filter((g): g is string => Boolean(g));
  }

  /** Listed members plus, for `approvers`, BLOCKOPS_APPROVERS, plus the Slack user group's members when resolvable. */
  async membersOf(group: string): Promise<string[]> {
    const def = this.doc.approver_groups[group];
    const members = new Set(def?.members ?? []);
    if (group === 'approvers') for (const a of this.extraApprovers) members.add(a);
    if (def?.slack_usergroup && this.usergroupResolver) {
      for (const u of await this.usergroupResolver(def.slack_usergroup)) members.add(u);
    }
    return [...members];
  }

  /**
   * Whether the actor (or, for a bare id, whoever it names) is one of the group's members, judged per person: a
   * group that lists `alice` or her Slack id lets her approve from any of her ids.
   */
  async isApprover(group: string, who: Actor | string): Promise<boolean> {
    const person = typeof who === 'string' ? this.people.personOfId(who) : this.people.personOf(who);
    return (await this.membersOf(group)).some((m) => this.people.personOfId(m) === person);
  }
}
