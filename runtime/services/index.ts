import type { ServiceFactory } from '../core/service-module';
import { backendsModule } from '../backends';
import { cloudformationModule } from './cloudformation';
import { iamModule } from './iam';
import { kmsModule } from './kms';
import { eventsModule } from './events';
import { lambdaModule } from './lambda';
import { qldbModule } from './qldb';
import { sqsModule } from './sqs';
import { stsModule } from './sts';

/**
 * Every service of the runtime, in the one order that drives start-up, reset, shutdown and health.
 * A module may call, while it is built, only the modules listed before it (QLDB unseals its ledgers through
 * KMS). Reset runs in reverse order, so a module's background work stops before what it calls is wiped;
 * shutdown drains and closes in reverse order too. Adding a service is its folder plus one entry here.
 */
export const SERVICE_MODULES = [kmsModule, stsModule, iamModule, backendsModule, qldbModule, sqsModule, lambdaModule, eventsModule, cloudformationModule] as const;

type OptionsOf<F> = F extends ServiceFactory<infer O> ? O : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The options every module reads, each documented by the module that owns it. */
export type ServiceOptions = Intersection<OptionsOf<(typeof SERVICE_MODULES)[number]>>;
