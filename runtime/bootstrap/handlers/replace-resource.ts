import type { DeployContext, ResourceHandler } from '../resource-handlers';
import type { DeployedResource } from '../template';

/**
 * Replaces a resource whose change cannot be applied in place. CloudFormation creates the replacement
 * first and deletes the old one after; a replacement keeping the same name must wait for the old one to go.
 */
export async function replaceResource(
  handler: ResourceHandler,
  nextName: string,
  logicalId: string,
  props: Record<string, any>,
  previous: DeployedResource,
  ctx: DeployContext,
): Promise<DeployedResource> {
  const sameName = nextName === previous.physicalId;
  if (sameName) await handler.remove(previous, props, ctx);
  const next = await handler.create(logicalId, props, ctx);
  if (!sameName) await handler.remove(previous, props, ctx);
  return next;
}
