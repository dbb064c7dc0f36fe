import { OperationTable } from '../../core/operation';
import { assumeRole } from './operations/assume-role';
import { getCallerIdentity } from './operations/get-caller-identity';
import type { Sts } from './sts';

/** Every STS operation the runtime serves (awsQuery, `Action=…` form bodies, XML responses). */
export const STS_OPERATIONS = [assumeRole, getCallerIdentity];

export const createStsService = (sts: Sts) => new OperationTable<Sts>('sts', sts, STS_OPERATIONS);
