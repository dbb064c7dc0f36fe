import type { DrillReport } from './report-shape';

/** report.json: the execution's output as it is, `verdict` at its top level. */
export const renderJson = (report: DrillReport): string => `${JSON.stringify(report, null, 2)}\n`;
