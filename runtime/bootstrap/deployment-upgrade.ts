import type { DeployedResource } from './template';

/**
 * Format 1 kept each handler's bookkeeping among a resource's attributes, where `Fn::GetAtt` could read
 * it; format 2 keeps it in `state`. These are the keys format 1 wrote there, by resource type.
 */
const FORMAT_1_BOOKKEEPING: Record<string, readonly string[]> = {
  'AWS::IAM::Role': ['inlinePolicies'],
  'AWS::IAM::Policy': ['roles'],
  'AWS::IAM::ManagedPolicy': ['roles'],
  'AWS::SQS::QueuePolicy': ['queues'],
  'AWS::QLDB::Stream': ['LedgerName', 'replacementKey'],
  'AWS::Lambda::EventSourceMapping': ['source'],
};

function moveBookkeeping<R extends DeployedResource>(resource: R): R {
  const keys = FORMAT_1_BOOKKEEPING[resource.type] ?? [];
  const kept = Object.entries(resource.attributes).filter(([name]) => !keys.includes(name));
  const moved = Object.entries(resource.attributes).filter(([name]) => keys.includes(name));
  return moved.length ? { ...resource, attributes: Object.fromEntries(kept), state: Object.fromEntries(moved) } : resource;
}

/** A deployment a format-1 keydrill recorded, in format 2. */
export function upgradeFromFormat1<D extends { resources: Record<string, DeployedResource> }>(deployment: D): D {
  return { ...deployment, resources: Object.fromEntries(Object.entries(deployment.resources).map(([id, resource]) => [id, moveBookkeeping(resource)])) };
}
