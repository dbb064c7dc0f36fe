import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock';
import { DurableJsonFile } from '../core/durable-file';
import type { Scope } from '../core/scope';
import { upgradeFromFormat1 } from './deployment-upgrade';
import { IGNORED_TYPES, RESOURCE_HANDLERS } from './handlers';
import { deployContext, type DeployContext, type DeployTarget, type PreviousResource } from './resource-handler';
import { newStackId, type ResourceChange, type StackRecord } from './stack-record';
import { deploymentOrder, resolve, TemplateError, type CfnTemplate, type DeployedResource, type ResolveScope } from './template';

interface RecordedResource extends PreviousResource {
  propertiesHash: string;
  deletionPolicy?: string;
}

export interface DeploymentState {
  stackName: string;
  templateHash: string;
  resources: Record<string, RecordedResource>;
  outputs: Record<string, string>;
  /** What CloudFormation reports of the stack; records written before keydrill served CloudFormation lack it. */
  stack?: StackRecord;
}

/** The deployed stack as the CloudFormation API reads it. */
export interface DeployedStack {
  template: CfnTemplate;
  deployment: DeploymentState;
  stack: StackRecord;
}

export const deployedStack = (template: CfnTemplate | undefined, deployment: DeploymentState | undefined): DeployedStack | undefined =>
  template && deployment?.stack ? { template, deployment, stack: deployment.stack } : undefined;

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Format 2 moved handler bookkeeping out of the attributes (see deployment-upgrade.ts). */
export const deploymentFile = (path: string | undefined) =>
  new DurableJsonFile<DeploymentState>(path, 'deployment', 2, (data) => upgradeFromFormat1(data as DeploymentState));

/**
 * The recorded resources that are gone although the record says deployed: a ledger deleted through the API,
 * or state lost in a crash while the record survived. Only types whose handler can tell (`exists`) are asked.
 */
async function missingResources(previous: DeploymentState | undefined, ctx: DeployContext): Promise<Set<string>> {
  const recorded = Object.entries(previous?.resources ?? {});
  const lost = await Promise.all(recorded.map(async ([logicalId, r]) => ((await RESOURCE_HANDLERS[r.type]?.exists?.(r, ctx)) === false ? [logicalId] : [])));
  return new Set(lost.flat());
}

/**
 * Deploys a synthesized template into the runtime, as CloudFormation would: resources in dependency
 * order, unchanged ones kept, changed ones updated in place, removed ones deleted (unless retained).
 * An unchanged template is not redeployed at all, so a restart keeps every resource as it was, except that a
 * recorded resource found missing is created again (and what depends on it updated as its attributes moved). A record
 * without a stack (written before keydrill served CloudFormation) is deployed over once more, which keeps
 * every unchanged resource, and is reported from then on as a stack created now.
 */
export async function deployTemplate(
  template: CfnTemplate,
  target: DeployTarget,
  file: DurableJsonFile<DeploymentState>,
  env: Scope & { clock: Clock },
): Promise<DeploymentState> {
  const ctx = deployContext(target);
  const previous = file.load();
  const templateHash = hash(template);
  const missing = await missingResources(previous, ctx);
  if (previous?.stack && previous.templateHash === templateHash && previous.stackName === ctx.stackName && missing.size === 0) return previous;

  const unsupported = Object.entries(template.Resources).filter(([, r]) => !RESOURCE_HANDLERS[r.Type] && !IGNORED_TYPES.has(r.Type));
  if (unsupported.length) {
    throw new TemplateError(`keydrill cannot deploy ${unsupported.map(([id, r]) => `${id} (${r.Type})`).join(', ')}`);
  }

  const startedAt = env.clock.now().toISOString();
  const changedNow = (status: ResourceChange['status']): ResourceChange => ({ status, at: env.clock.now().toISOString() });
  // Another stack name is another stack, even over the same resources.
  const previousStack = previous?.stackName === ctx.stackName ? previous.stack : undefined;
  const stackId = previousStack?.stackId ?? newStackId(env, ctx.stackName);
  const resolveScope: ResolveScope = { account: env.account, region: env.region, stackName: ctx.stackName, stackId, resources: {} };
  const recorded: Record<string, RecordedResource> = {};
  const changes: Record<string, ResourceChange> = {};
  const state = (): DeploymentState => ({ stackName: ctx.stackName, templateHash: '', resources: { ...previous?.resources, ...recorded }, outputs: {}, stack: previousStack });

  for (const logicalId of deploymentOrder(template)) {
    const resource = template.Resources[logicalId];
    if (IGNORED_TYPES.has(resource.Type)) continue;
    const handler = RESOURCE_HANDLERS[resource.Type];
    const properties = resolve(resource.Properties ?? {}, resolveScope) as Record<string, unknown>;
    // Metadata counts as part of the resource: a function whose `keydrill:entry` moved must be updated.
    const propertiesHash = hash(resource.Metadata ? { properties, metadata: resource.Metadata } : properties);
    const old = previous?.resources[logicalId];
    let deployed: DeployedResource;
    try {
      const req = { logicalId, props: properties, metadata: resource.Metadata };
      if (!old || old.type !== resource.Type || missing.has(logicalId)) {
        deployed = await handler.create(req, ctx);
        changes[logicalId] = changedNow('CREATE_COMPLETE');
      } else if (old.propertiesHash === propertiesHash) {
        deployed = old;
        changes[logicalId] = previousStack?.resources[logicalId] ?? changedNow('CREATE_COMPLETE');
      } else {
        deployed = await handler.update({ ...req, previous: old }, ctx);
        changes[logicalId] = changedNow('UPDATE_COMPLETE');
      }
    } catch (e) {
      // Record what did get created so a retry updates it instead of creating a duplicate.
      file.save(state());
      throw new TemplateError(`deploying ${logicalId} (${resource.Type}) failed: ${(e as Error).name}: ${(e as Error).message}`);
    }
    recorded[logicalId] = { ...deployed, propertiesHash, properties, ...(resource.DeletionPolicy ? { deletionPolicy: resource.DeletionPolicy } : {}) };
    resolveScope.resources[logicalId] = deployed;
  }

  for (const [logicalId, old] of Object.entries(previous?.resources ?? {})) {
    if (recorded[logicalId]) continue;
    if (old.deletionPolicy !== 'Retain') await RESOURCE_HANDLERS[old.type].remove(old, ctx);
  }

  const outputs: Record<string, string> = {};
  const exports: Record<string, string> = {};
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    outputs[key] = String(resolve(output.Value, resolveScope));
    if (output.Export) exports[key] = String(resolve(output.Export.Name, resolveScope));
  }
  const stack: StackRecord = previousStack
    ? { ...previousStack, status: 'UPDATE_COMPLETE', updatedAt: startedAt, resources: changes, exports }
    : { stackId, status: 'CREATE_COMPLETE', createdAt: startedAt, resources: changes, exports };
  const next: DeploymentState = { stackName: ctx.stackName, templateHash, resources: recorded, outputs, stack };
  file.save(next);
  return next;
}
