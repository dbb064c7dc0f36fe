import { join } from 'node:path';
import { dataDirOf } from '../options';

/** A directory name for now, sortable and valid on every file system: 2026-12-02T06-21-28Z. */
export const timeStamp = (now = new Date()) => now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/** Where reports go unless told: `.keydrill/reports/<time>/`, beside the runtime's default data directory. */
export const defaultReportDir = (now = new Date()) => join(dataDirOf(undefined), 'reports', timeStamp(now));
