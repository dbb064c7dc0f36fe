import { lambdaErrors } from '../errors';
import { FUNCTION_NAME, QUALIFIER } from '../inputs';
import { operation } from '../lambda';
import { permissionStatement, type PermissionRequest } from '../resource-policy';

export interface AddPermissionInput extends PermissionRequest {
  FunctionName: string;
  Qualifier?: string;
  EventSourceToken?: string;
  PrincipalOrgID?: string;
  RevisionId?: string;
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (answers 201 with the statement as JSON text) */
export const addPermission = operation<AddPermissionInput, { Statement: string }>({
  name: 'AddPermission',
  input: {
    FunctionName: FUNCTION_NAME,
    Qualifier: QUALIFIER,
    StatementId: { type: 'string', required: true, min: 1, max: 100, pattern: /^([a-zA-Z0-9-_.]+)$/ },
    Action: { type: 'string', required: true, pattern: /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/ },
    Principal: { type: 'string', required: true, pattern: /^[^\s]+$/ },
    SourceArn: { type: 'string', pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/ },
    SourceAccount: { type: 'string', max: 12, pattern: /^\d{12}$/ },
    EventSourceToken: { type: 'string', min: 0, max: 256 },
    PrincipalOrgID: { type: 'string', min: 12, max: 34 },
    RevisionId: { type: 'string' },
  },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName, input.Qualifier);
    lambda.authorize(ctx.caller.principal, 'lambda:AddPermission', fn.arn);
    const policy = fn.policy ?? [];
    if (policy.some((s) => s.Sid === input.StatementId)) throw lambdaErrors.statementExists(input.StatementId);
    const statement = permissionStatement(input, fn.arn);
    fn.policy = [...policy, statement];
    lambda.store.commit();
    return { Statement: JSON.stringify(statement) };
  },
});
