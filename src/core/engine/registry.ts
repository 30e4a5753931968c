import { OpsError } from '../errors/ops-error.js';
import type { AnyOperation } from './operation.js';

/** The one list of operations: front doors generate their commands, tools and verbs from it. */
export class Registry {
  private readonly byName = new Map<string, AnyOperation>();

  constructor(ops: readonly AnyOperation[]) {
    for (const op of ops) {
      if (this.byName.has(op.name)) throw new Error(`operation ${op.name} is registered twice`);
      this.byName.set(op.name, op);
    }
  }

  /**
   * Adds operations loaded later: a CLI verb starts with its own operation only, and loads the others when it
   * finds an approved request of another one to run. One already here is skipped; another of the same name throws.
   */
  add(ops: readonly AnyOperation[]): void {
    for (const op of ops) {
      const known = this.byName.get(op.name);
      if (known && known !== op) throw new Error(`operation ${op.name} is registered twice`);
      this.byName.set(op.name, op);
    }
  }

  all(): AnyOperation[] {
    return [...this.byName.values()];
  }

  find(name: string): AnyOperation | undefined {
    return this.byName.get(name) ?? this.byName.get(name.replace(/-/g, '_'));
  }

  get(name: string): AnyOperation {
    const op = this.find(name);
    if (!op) {
      throw new OpsError(
        'OPERATION.UNKNOWN',
        `There is no operation "${name}". Known operations: ${this.all()
          .map((o) => o.name)
          .join(', ')}.`,
      );
    }
    return op;
  }
}
