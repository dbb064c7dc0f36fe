import { createHash } from 'node:crypto';
import { DurableJsonFile } from '../core/durable-file';
import { upgradeFromFormat1 } from './deployment-upgrade';
import { IGNORED_TYPES, RESOURCE_HANDLERS } from './handlers';
import { deployContext, type DeployTarget, type PreviousResource } from './resource-handler';
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
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Format 2 moved handler bookkeeping out of the attributes (see deployment-upgrade.ts). */
export const deploymentFile = (path: string | undefined) =>
  new DurableJsonFile<DeploymentState>(path, 'deployment', 2, (data) => upgradeFromFormat1(data as DeploymentState));

/**
 * Deploys a synthesized template into the runtime, as CloudFormation would: resources in dependency
 * order, unchanged ones kept, changed ones updated in place, removed ones deleted (unless retained).
 * An unchanged template is not redeployed at all, so a restart keeps every resource as it was.
 */
export async function deployTemplate(
  template: CfnTemplate,
  target: DeployTarget,
  file: DurableJsonFile<DeploymentState>,
  scope: { account: string; region: string },
): Promise<DeploymentState> {
  const ctx = deployContext(target);
  const previous = file.load();
  const templateHash = hash(template);
  if (previous && previous.templateHash === templateHash && previous.stackName === ctx.stackName) return previous;

  const unsupported = Object.entries(template.Resources).filter(([, r]) => !RESOURCE_HANDLERS[r.Type] && !IGNORED_TYPES.has(r.Type));
  if (unsupported.length) {
    throw new TemplateError(`keydrill cannot deploy ${unsupported.map(([id, r]) => `${id} (${r.Type})`).join(', ')}`);
  }

  const resolveScope: ResolveScope = { ...scope, stackName: ctx.stackName, resources: {} };
  const recorded: Record<string, RecordedResource> = {};
  const state = (): DeploymentState => ({ stackName: ctx.stackName, templateHash: '', resources: { ...previous?.resources, ...recorded }, outputs: {} });

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
      if (!old || old.type !== resource.Type) deployed = await handler.create(req, ctx);
      else if (old.propertiesHash === propertiesHash) deployed = old;
      else deployed = await handler.update({ ...req, previous: old }, ctx);
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
  for (const [key, output] of Object.entries(template.Outputs ?? {})) outputs[key] = String(resolve(output.Value, resolveScope));
  const next: DeploymentState = { stackName: ctx.stackName, templateHash, resources: recorded, outputs };
  file.save(next);
  return next;
}
