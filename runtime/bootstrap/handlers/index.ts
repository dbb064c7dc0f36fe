import type { ResourceHandler } from '../resource-handler';
import { dynamodbTable } from './dynamodb-table';
import { eventsApiDestination } from './events-api-destination';
import { eventsConnection } from './events-connection';
import { eventsEventBus } from './events-event-bus';
import { eventsRule } from './events-rule';
import { iamManagedPolicy, iamPolicy } from './iam-policy';
import { iamRole } from './iam-role';
import { kinesisStream } from './kinesis-stream';
import { kmsAlias } from './kms-alias';
import { kmsKey } from './kms-key';
import { lambdaEventSourceMapping } from './lambda-event-source-mapping';
import { lambdaFunction } from './lambda-function';
import { lambdaPermission } from './lambda-permission';
import { qldbLedger } from './qldb-ledger';
import { qldbStream } from './qldb-stream';
import { sqsQueue, sqsQueuePolicy } from './sqs-queue';

/** Every resource type the bootstrap deploys: a template with any other type is refused before anything is created. */
export const RESOURCE_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::QLDB::Ledger': qldbLedger,
  'AWS::QLDB::Stream': qldbStream,
  'AWS::Kinesis::Stream': kinesisStream,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::EventSourceMapping': lambdaEventSourceMapping,
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::Events::EventBus': eventsEventBus,
  'AWS::Events::Rule': eventsRule,
  'AWS::Events::Connection': eventsConnection,
  'AWS::Events::ApiDestination': eventsApiDestination,
  'AWS::DynamoDB::Table': dynamodbTable,
  'AWS::SQS::Queue': sqsQueue,
  'AWS::SQS::QueuePolicy': sqsQueuePolicy,
  'AWS::KMS::Key': kmsKey,
  'AWS::KMS::Alias': kmsAlias,
  'AWS::IAM::Role': iamRole,
  'AWS::IAM::Policy': iamPolicy,
  'AWS::IAM::ManagedPolicy': iamManagedPolicy,
};

/** Resource types that describe the deployment itself and create nothing. */
export const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);
