import { App, Aws, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KeydrillStack, type KeydrillStackProps } from './stacks/keydrill-stack';
import { STACK_NAME } from './stack-name';

export { STACK_NAME };

export interface CreateAppOptions {
  /** Cloud assembly directory. @default CDK_OUTDIR when the CDK CLI runs the app, else `cdk.out` */
  readonly outdir?: string;
  /** Run cdk-nag's AwsSolutions pack during synth; unacknowledged findings fail synth. @default false */
  readonly nag?: boolean;
  /**
   * Bundle Lambda code with esbuild, as a deployment to AWS needs. The embedded runtime runs each function
   * from its TypeScript source (the `keydrill:entry` metadata), so its synthesis skips bundling.
   * @default true
   */
  readonly bundle?: boolean;
  /** The stack's continuous verification (a schedule that starts the drill suite). @default off */
  readonly continuousVerification?: KeydrillStackProps['continuousVerification'];
}

export function createApp(options: CreateAppOptions = {}): App {
  const app = new App({
    outdir: options.outdir,
    // The built-in CloudFormation validation plugin costs ~3 s per synth and fails synth on the QLDB
    // end-of-support rule (E3710) once `@aws-cdk/core:validateAgainstDefaultRules` is set; the app prop
    // turns it off without touching process.env (CDK_VALIDATION=false) or the CLI (--no-validation).
    builtinCloudFormationValidation: false,
    ...(options.bundle === false ? { context: { 'aws:cdk:bundling-stacks': [] } } : {}),
  });

  new KeydrillStack(app, STACK_NAME, {
    // Env-agnostic: one template for every account and region, and for the embedded runtime.
    env: { account: Aws.ACCOUNT_ID, region: Aws.REGION },
    // Without this the CDK CLI (not tests, not tsx) adds an AWS::CDK::Metadata resource and region
    // conditions, so the template would depend on who synthesized it.
    analyticsReporting: false,
    description: 'keydrill: drill keys, the application role, the ledger, its journal stream and the DynamoDB projection',
    ...(options.continuousVerification ? { continuousVerification: options.continuousVerification } : {}),
  });

  if (options.nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return app;
}
