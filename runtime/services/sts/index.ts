import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { assumeRole } from './operations/assume-role';
import { getCallerIdentity } from './operations/get-caller-identity';
import type { Sts } from './sts';

/** Every STS operation the runtime serves (awsQuery, `Action=…` form bodies, XML responses). */
const STS_OPERATIONS = [assumeRole, getCallerIdentity];

const createStsService = (sts: Sts) => new OperationTable<Sts>('sts', sts, STS_OPERATIONS);

/** STS (awsQuery): AssumeRole into the template's roles and GetCallerIdentity; its state is the identity store. */
export const stsModule: ServiceFactory = (ctx) => ({
  services: [createStsService({ identity: ctx.identity, clock: ctx.clock })],
  bindings: [{ protocol: 'awsQuery', service: 'sts', signingName: 'sts', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' }],
});
