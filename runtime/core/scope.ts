/** The account and Region a service's resources belong to: every ARN and URL the runtime renders carries them. */
export interface Scope {
  account: string;
  region: string;
}

/** A copy of `source`'s account and Region (the identity store's, which never change once it exists). */
export const scopeOf = (source: Scope): Scope => ({ account: source.account, region: source.region });
