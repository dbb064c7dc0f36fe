import { Duration, Validations, aws_lambda as lambda } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { LOCAL_ENTRY_METADATA, PROJECT_ROOT } from '../../runtime/core/paths';

/**
 * Names the handler module (relative to the project root) the embedded runtime runs `fn` from: the
 * runtime deploys the template without bundling, so the function's code asset never exists locally.
 */
export function runFromSource(fn: NodejsFunction, entry: string): void {
  (fn.node.defaultChild as lambda.CfnFunction).addMetadata(LOCAL_ENTRY_METADATA, entry);
}

export interface KeydrillFunctionProps {
  /** The handler module, relative to the project root. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
}

/**
 * One of keydrill's functions: Node.js 22 bundled from the project's own source (and run from it locally), with
 * the two cdk-nag findings every such function carries acknowledged.
 */
export function keydrillFunction(scope: Construct, id: string, props: KeydrillFunctionProps): NodejsFunction {
  const fn = new NodejsFunction(scope, id, {
    description: props.description,
    entry: join(PROJECT_ROOT, props.entry),
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    timeout: props.timeout ?? Duration.seconds(30),
    memorySize: props.memorySize ?? 256,
    environment: props.environment,
  });
  runFromSource(fn, props.entry);
  Validations.of(fn).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
    },
    { id: 'AwsSolutions::AwsSolutions-L1', reason: 'nodejs22.x is the newest Node.js runtime this CDK version offers that the project supports (Node 20+).' },
  );
  return fn;
}
