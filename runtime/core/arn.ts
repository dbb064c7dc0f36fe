/** ARN helpers. Partition is always `aws` in the runtime. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account, ...rest] = parts;
  return { partition, service, region, account, resource: rest.join(':') };
}

export const arn = (service: string, region: string, account: string, resource: string): string =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

export const accountRootArn = (account: string): string => `arn:aws:iam::${account}:root`;
