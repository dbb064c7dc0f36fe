import type { ServiceFactory } from '../../core/service-module';
import { createStsService } from './sts';

/** STS (awsQuery): AssumeRole into the template's roles and GetCallerIdentity; its state is the identity store. */
export const stsModule: ServiceFactory = (ctx) => ({
  services: [createStsService({ identity: ctx.identity, clock: ctx.clock })],
  bindings: [{ protocol: 'awsQuery', service: 'sts', signingName: 'sts', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' }],
});
