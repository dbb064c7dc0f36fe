import type { LoggingConfiguration } from '@aws-sdk/client-sfn';
import { sfnErrors } from './errors';

/** A state machine's role is an IAM role ARN. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function checkRoleArn(roleArn: string): void {
  if (!ROLE_ARN.test(roleArn)) throw sfnErrors.invalidArn(`Invalid ARN prefix: ${roleArn}`);
}

/**
 * Logging at any level but OFF needs exactly one CloudWatch Logs destination. keydrill stores the
 * configuration and echoes it; it writes no logs (README, Known differences).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html
 */
export function checkLoggingConfiguration(config: LoggingConfiguration | undefined): void {
  if (!config || (config.level ?? 'OFF') === 'OFF') return;
  if ((config.destinations ?? []).length !== 1) throw sfnErrors.invalidLoggingConfiguration('Exactly one LoggingDestination is required if level is not OFF.');
}
