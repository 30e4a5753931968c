import type { ApprovalRule, Limits, PolicyDoc } from './schema.js';

/** Resolves a Slack user group to user ids; the Slack front door plugs one in. */
export type UsergroupResolver = (usergroupId: string) => Promise<string[]>;

export class Policy {
  private usergroupResolver: UsergroupResolver | undefined;

  constructor(
    readonly doc: PolicyDoc,
    /** BLOCKOPS_APPROVERS: added to the `approvers` group. */
    private readonly extraApprovers: string[] = [],
  ) {}

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

  approvalFor(opName: string): ApprovalRule | undefined {
    const rule = this.doc.operations[opName]?.approval;
    return rule || undefined;
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
      .map((r) => (r.approval ? r.approval.group : undefined))
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

  async isApprover(group: string, actorId: string): Promise<boolean> {
    return (await this.membersOf(group)).includes(actorId);
  }
}
