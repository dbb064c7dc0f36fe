import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { QLDBClient } from '@aws-sdk/client-qldb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DrillKeyRole } from '../domain/drills/scenario-plans';
import { numberEnv } from '../shared/alert-context';
import { requiredEnv } from '../shared/env';

/** The drill-step function's settings (infra/constructs/key-rotation-drills.ts sets them) and its clients. */
export interface DrillContext {
  ledgerName: string;
  resultsTable: string;
  projectionTable: string;
  maxProjectionLagMs: number;
  ledgerAlias: string;
  drillKeys: Record<DrillKeyRole, string>;
  appRoleArn: string;
  drillRoleArn: string;
  alertBusName: string;
  /** The report publisher (functions/report-publisher); empty until the stack has one. */
  reportPublisher: string;
  kms: KMSClient;
  qldb: QLDBClient;
  documents: DynamoDBDocumentClient;
  sts: STSClient;
  sfn: SFNClient;
  events: EventBridgeClient;
  lambda: LambdaClient;
}

function drillKeysFromEnv(): Record<DrillKeyRole, string> {
  const keys = JSON.parse(requiredEnv('DRILL_KEY_ARNS')) as Record<string, string>;
  for (const role of ['ledger', 'rotate', 'standby', 'noAccess']) if (!keys[role]) throw new Error(`DRILL_KEY_ARNS names no ${role} key`);
  return keys as Record<DrillKeyRole, string>;
}

export function drillContextFromEnv(): DrillContext {
  return {
    ledgerName: requiredEnv('LEDGER_NAME'),
    resultsTable: requiredEnv('RESULTS_TABLE_NAME'),
    projectionTable: requiredEnv('PROJECTION_TABLE_NAME'),
    maxProjectionLagMs: numberEnv('MAX_PROJECTION_LAG_MS', 60_000),
    ledgerAlias: requiredEnv('LEDGER_ALIAS'),
    drillKeys: drillKeysFromEnv(),
    appRoleArn: requiredEnv('APP_ROLE_ARN'),
    drillRoleArn: requiredEnv('DRILL_ROLE_ARN'),
    alertBusName: requiredEnv('ALERT_BUS_NAME'),
    reportPublisher: process.env.REPORT_PUBLISHER_FUNCTION ?? '',
    kms: new KMSClient({}),
    qldb: new QLDBClient({}),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    sts: new STSClient({}),
    sfn: new SFNClient({}),
    events: new EventBridgeClient({}),
    lambda: new LambdaClient({}),
  };
}
