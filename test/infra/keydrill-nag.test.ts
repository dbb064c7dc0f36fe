import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations, aws_kms as kms } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type KeydrillApp, keydrillApp } from '../helpers/synth-keydrill';

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly reason?: string;
}
interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly violations: Violation[];
    readonly suppressedViolations?: Violation[];
  }[];
}

/** Every `Validations.acknowledge` in the tree: CDK records them as construct metadata. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
      ),
  );
}

const apps: KeydrillApp[] = [];
function nagApp(): KeydrillApp {
  const kd = keydrillApp({ nag: true });
  apps.push(kd);
  return kd;
}
afterAll(() => apps.forEach((kd) => kd.dispose()));

test('AwsSolutions finds nothing unacknowledged, and every acknowledgement is justified', () => {
  const kd = nagApp();
  expect(() => kd.app.synth()).not.toThrow();

  // With the built-in CloudFormation validation off, the report exists only because cdk-nag ran.
  const reportFile = path.join(kd.outdir, 'validation-report.json');
  expect(fs.existsSync(reportFile)).toBe(true);
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  for (const pluginReport of report.pluginReports) {
    expect(pluginReport.violations).toEqual([]);
    for (const suppressed of pluginReport.suppressedViolations ?? []) {
      expect(String(suppressed.reason ?? '').trim()).not.toBe('');
    }
  }

  for (const acknowledgement of acknowledgements(kd.app)) {
    expect(acknowledgement).toEqual({
      path: acknowledgement.path,
      id: expect.stringMatching(/^AwsSolutions::AwsSolutions-/),
      reason: expect.stringMatching(/\S/),
    });
    expect(acknowledgement.reason).not.toBe(acknowledgement.id);
  }
});

test('nag: true really checks: an unrotated key fails synth with AwsSolutions-KMS5', () => {
  const kd = nagApp();
  new kms.Key(kd.stack, 'UnrotatedKey', { enableKeyRotation: false });
  expect(() => kd.app.synth()).toThrow(/AwsSolutions-KMS5/);
});

test('nag is opt-in: without it the same app synthesizes', () => {
  const kd = keydrillApp();
  apps.push(kd);
  new kms.Key(kd.stack, 'UnrotatedKey', { enableKeyRotation: false });
  expect(() => kd.app.synth()).not.toThrow();
});
