import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { userId } from '../../../identity/principal';
import { operation } from '../sts';

export const getCallerIdentity = operation<object, GetCallerIdentityResponse>({
  name: 'GetCallerIdentity',
  input: {},
  run(_sts, _input, ctx) {
    const p = ctx.caller.principal;
    return { UserId: userId(p), Account: p.account, Arn: p.arn };
  },
});
