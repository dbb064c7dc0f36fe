/**
 * Workflow variables (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): each Map
 * iteration and Parallel branch has a scope of its own that sees the outer scopes' variables and may not assign them.
 */
import type { Json } from './host';

export class Variables {
  private readonly own = new Map<string, Json>();

  constructor(private readonly outer?: Variables) {}

  get(name: string): Json | undefined {
    return this.own.has(name) ? this.own.get(name) : this.outer?.get(name);
  }

  /** Whether `name` belongs to an enclosing scope only (an inner scope may read it but not assign it). */
  isOuter(name: string): boolean {
    return !this.own.has(name) && this.outer !== undefined && this.outer.get(name) !== undefined;
  }

  set(name: string, value: Json): void {
    this.own.set(name, value);
  }

  /** Every visible variable, inner scopes shadowing outer ones. */
  visible(): Map<string, Json> {
    const all = this.outer ? this.outer.visible() : new Map<string, Json>();
    for (const [name, value] of this.own) all.set(name, value);
    return all;
  }

  inner(): Variables {
    return new Variables(this);
  }
}
