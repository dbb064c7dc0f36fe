import { join } from 'node:path';

/** The repository's root: function handler modules, the CDK app and its cloud assembly are found from here. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * The resource Metadata key naming a function's handler module, relative to PROJECT_ROOT. The runtime
 * runs functions from that source, since a template's code asset does not exist locally.
 */
export const LOCAL_ENTRY_METADATA = 'keydrill:entry';
