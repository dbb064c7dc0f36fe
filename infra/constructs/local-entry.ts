import type { aws_lambda as lambda } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LOCAL_ENTRY_METADATA } from '../../runtime/core/paths';

/**
 * Names the handler module (relative to the project root) the embedded runtime runs `fn` from: the
 * runtime deploys the template without bundling, so the function's code asset never exists locally.
 */
export function runFromSource(fn: NodejsFunction, entry: string): void {
  (fn.node.defaultChild as lambda.CfnFunction).addMetadata(LOCAL_ENTRY_METADATA, entry);
}
