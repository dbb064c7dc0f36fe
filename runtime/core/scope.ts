/** The account and region every service of one runtime serves. */
export interface Scope {
  account: string;
  region: string;
}
