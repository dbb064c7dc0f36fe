import { Duration, Stack, Validations, aws_dynamodb as dynamodb, aws_iam as iam, aws_lambda as lambda, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECTION_INDEXES } from '../../functions/domain/projection/schema';
import { PROJECT_ROOT } from '../../runtime/core/paths';
import { DATA_LIFECYCLE_DEFINITION, DATA_LIFECYCLE_SUBSTITUTION_KEYS, type DataLifecycleSubstitutions } from '../../statemachines/data-lifecycle.substitutions';
import { keydrillFunction } from './local-entry';

export interface DataLifecycleProps {
  /** The ledger the workflow provisions, fills, audits and erases in (its name, or a Ref to it). */
  readonly ledgerName: string;
  /** The journal projection's table, compared with the ledger. */
  readonly projectionTable: dynamodb.ITable;
  /** The results table (infra/constructs/drill-results.ts) the PROGRESS items go to. */
  readonly resultsTable: dynamodb.ITable;
  /** The report publisher (infra/constructs/drill-results.ts) the workflow ends with. */
  readonly reportPublisher: lambda.IFunction;
}

/** Where the lifecycle functions' code is, relative to the project root: the runtime runs it from source. */
export const LIFECYCLE_ENTRIES = {
  workflow: 'functions/lifecycle-workflow/handler.ts',
  provision: 'functions/lifecycle-provision/handler.ts',
  ingest: 'functions/lifecycle-ingest/handler.ts',
  verify: 'functions/lifecycle-verify/handler.ts',
  audit: 'functions/lifecycle-audit/handler.ts',
  erase: 'functions/lifecycle-erase/handler.ts',
} as const;

export const DATA_LIFECYCLE_STATE_MACHINE_NAME = 'DataLifecycle';

type LifecycleFunction = keyof typeof LIFECYCLE_ENTRIES;

/**
 * The DataLifecycle state machine (docs/lifecycle.md) and its functions, each with a role of its own: only
 * provision may run DDL and only erase may delete and redact; the application role is not touched, so it still
 * may do neither (infra/stacks/keydrill-stack.ts).
 */
export class DataLifecycle extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly resultsTable: dynamodb.ITable;
  public readonly reportPublisher: lambda.IFunction;
  public readonly functions: Record<LifecycleFunction, NodejsFunction>;
  /**
   * The functions that send commands to the ledger: QLDB checks on every transaction that the caller may decrypt
   * with the ledger's key, so the stack names their roles in the drill keys' policies (DrillKeys.allowKeydrillFunction).
   */
  public readonly ledgerFunctions: NodejsFunction[];

  constructor(scope: Construct, id: string, props: DataLifecycleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ledgerArn = stack.formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });
    const tablesArn = `${ledgerArn}/table/*`;
    const catalogArn = `${ledgerArn}/information_schema/user_tables`;
    const environment = { LEDGER_NAME: props.ledgerName };

    this.resultsTable = props.resultsTable;

    this.functions = {
      workflow: this.buildFunction('WorkflowFunction', 'workflow', 'DataLifecycle: validates the input, plans the run and builds the report', {}, 30),
      provision: this.buildFunction('ProvisionFunction', 'provision', 'DataLifecycle: creates missing tables and indexes, waits for the journal stream', environment, 60),
      ingest: this.buildFunction('IngestFunction', 'ingest', 'DataLifecycle: commits one batch of documents, skipping those committed or erased', environment, 60),
      verify: this.buildFunction('VerifyFunction', 'verify', 'DataLifecycle: compares the projection with the ledger; looks for an erased subject', { ...environment, PROJECTION_TABLE_NAME: props.projectionTable.tableName }, 300),
      audit: this.buildFunction('AuditFunction', 'audit', 'DataLifecycle: verifies revisions and their proofs against a digest', environment, 300),
      erase: this.buildFunction('EraseFunction', 'erase', 'DataLifecycle: deletes a subject\'s documents and redacts their earlier revisions', environment, 300),
    };
    const partiql = (fn: NodejsFunction, sid: string, actions: string[], resources: string[]) =>
      fn.addToRolePolicy(new iam.PolicyStatement({ sid, actions: actions.map((a) => `qldb:PartiQL${a}`), resources }));
    const sendCommands = new iam.PolicyStatement({ sid: 'SendCommandsToTheLedger', actions: ['qldb:SendCommand'], resources: [ledgerArn] });
    this.ledgerFunctions = (['provision', 'ingest', 'verify', 'audit', 'erase'] as const).map((name) => this.functions[name]);
    for (const fn of this.ledgerFunctions) fn.addToRolePolicy(sendCommands);

    // The DDL role of the issue: tables and indexes, and the stream it waits for.
    partiql(this.functions.provision, 'ReadTheCatalog', ['Select'], [catalogArn]);
    partiql(this.functions.provision, 'CreateTablesAndIndexes', ['CreateTable', 'CreateIndex'], [tablesArn]);
    this.functions.provision.addToRolePolicy(new iam.PolicyStatement({ sid: 'SeeTheJournalStreams', actions: ['qldb:ListJournalKinesisStreamsForLedger'], resources: [ledgerArn] }));

    partiql(this.functions.ingest, 'LookUpAndInsertDocuments', ['Select', 'Insert'], [tablesArn]);

    partiql(this.functions.verify, 'ReadDocumentsAndHistory', ['Select', 'HistoryFunction'], [tablesArn]);
    this.functions.verify.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ReadTheProjection', actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [props.projectionTable.tableArn, `${props.projectionTable.tableArn}/index/${PROJECTION_INDEXES.byTable}`] }),
    );

    partiql(this.functions.audit, 'LookUpDocuments', ['Select'], [tablesArn]);
    this.functions.audit.addToRolePolicy(new iam.PolicyStatement({ sid: 'GetRevisionsWithProofs', actions: ['qldb:GetRevision'], resources: [ledgerArn] }));

    // The redaction role of the issue: delete, redact, and register the erased keys.
    partiql(this.functions.erase, 'ReadTheCatalog', ['Select'], [catalogArn]);
    partiql(this.functions.erase, 'DeleteAndRedactTheSubject', ['Select', 'HistoryFunction', 'Delete', 'Insert', 'Redact'], [tablesArn]);

    this.reportPublisher = props.reportPublisher;

    const substitutions: DataLifecycleSubstitutions = {
      LedgerName: props.ledgerName,
      ResultsTableName: this.resultsTable.tableName,
      WorkflowFunctionArn: this.functions.workflow.functionArn,
      ProvisionFunctionArn: this.functions.provision.functionArn,
      IngestFunctionArn: this.functions.ingest.functionArn,
      VerifyFunctionArn: this.functions.verify.functionArn,
      AuditFunctionArn: this.functions.audit.functionArn,
      EraseFunctionArn: this.functions.erase.functionArn,
      ReportPublisherFunctionArn: this.reportPublisher.functionArn,
    };
    const missing = DATA_LIFECYCLE_SUBSTITUTION_KEYS.filter((key) => !substitutions[key]);
    if (missing.length) throw new Error(`DataLifecycle substitutions missing: ${missing.join(', ')}`);

    // Inline, not DefinitionBody.fromFile: that makes an S3 asset, and the definition must be in the template.
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      // Named, so `keydrill run DataLifecycle` and the docs can name it.
      stateMachineName: DATA_LIFECYCLE_STATE_MACHINE_NAME,
      comment: 'keydrill DataLifecycle: provision, ingest, verify, audit, erase, report',
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(PROJECT_ROOT, DATA_LIFECYCLE_DEFINITION), 'utf8')),
      definitionSubstitutions: substitutions,
      timeout: Duration.hours(1),
      tracingEnabled: true,
    });
    // The unqualified ARNs the definition names, rather than grantInvoke's <ARN>:* (versions and aliases it never calls).
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'InvokeTheWorkflowFunctions', actions: ['lambda:InvokeFunction'], resources: [...Object.values(this.functions), this.reportPublisher].map((fn) => fn.functionArn) }),
    );
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ sid: 'WriteProgress', actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [this.resultsTable.tableArn] }));
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ sid: 'TakeDigests', actions: ['qldb:GetDigest'], resources: [ledgerArn] }));

    this.acknowledgeNagFindings(props.ledgerName);
  }

  private buildFunction(id: string, name: keyof typeof LIFECYCLE_ENTRIES, description: string, environment: Record<string, string>, timeoutSeconds: number): NodejsFunction {
    return keydrillFunction(this, id, { entry: LIFECYCLE_ENTRIES[name], description, environment, timeout: Duration.seconds(timeoutSeconds), memorySize: 512 });
  }

  private acknowledgeNagFindings(ledgerName: string): void {
    // cdk-nag names a Ref by its logical id in angle brackets, as in its findings' ids.
    const resolved = Stack.of(this).resolve(ledgerName) as string | { Ref?: string };
    const ledger = typeof resolved === 'string' ? resolved : `<${resolved.Ref}>`;
    const tables = `arn:<AWS::Partition>:qldb:<AWS::Region>:<AWS::AccountId>:ledger/${ledger}/table/*`;
    for (const fn of Object.values(this.functions)) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${tables}]`,
        reason: 'QLDB table ARNs carry table ids that exist only once the workflow has created the tables; the wildcard is limited to this one ledger, and each function has only the PartiQL actions of its step.',
      });
    }
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SF1',
        reason: 'Execution history is the record of a run; logging ALL events would copy every step\'s data, the erased subject\'s included, into CloudWatch Logs, which redaction does not reach.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing (SF2): xray:PutTraceSegments and its companions take no resource narrower than *.',
      },
    );
  }
}
