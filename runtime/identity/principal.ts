import { accountRootArn } from '../core/arn';

/**
 * Who is making a request. Every signed request resolves to one of these through its access key;
 * in-process calls between services carry the service's own principal.
 */
export type Principal =
  | { kind: 'root'; account: string; arn: string }
  | { kind: 'assumed-role'; account: string; arn: string; roleArn: string; roleName: string; roleId: string; sessionName: string }
  | { kind: 'service'; account: string; arn: string; service: string };

export const rootPrincipal = (account: string): Principal => ({ kind: 'root', account, arn: accountRootArn(account) });

/** An AWS service acting on its own behalf, e.g. `qldb.amazonaws.com` using a grant. */
export const servicePrincipal = (account: string, service: string): Principal => ({ kind: 'service', account, arn: service, service });

/** `aws:userid` as IAM reports it: the account for root, `<roleId>:<session>` for a role session. */
export function userId(p: Principal): string {
  switch (p.kind) {
    case 'root':
      return p.account;
    case 'assumed-role':
      return `${p.roleId}:${p.sessionName}`;
    case 'service':
      return p.service;
  }
}

/** The ARN that IAM conditions call `aws:PrincipalArn`: a session is represented by its role. */
export const principalArnForConditions = (p: Principal): string => (p.kind === 'assumed-role' ? p.roleArn : p.arn);
