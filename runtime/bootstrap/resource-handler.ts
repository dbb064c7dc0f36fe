import type { Dispatcher } from '../core/dispatcher';
import { isServiceError } from '../core/errors';
import type { Caller } from '../core/operation';
import type { IdentityStore } from '../identity/identity-store';
import type { DeployedResource } from './template';

/** A resource's resolved template Properties, in CloudFormation's shapes; the services they reach validate them. */
export type Props = Record<string, any>;

/** What the runtime deploys with. */
export interface DeployTarget {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  /** CloudFormation acts with the deployer's identity: the account administrator. */
  deployer: Caller;
  stackName: string;
}

/** What a handler deploys with. */
export interface DeployContext {
  stackName: string;
  /** IAM is not served through the dispatcher: roles and their policies are written to the identity store. */
  identity: IdentityStore;
  /** Calls a service's operation as the deployer. */
  call<O = unknown>(service: string, operation: string, input: object): Promise<O>;
}

export const deployContext = ({ dispatcher, identity, deployer, stackName }: DeployTarget): DeployContext => ({
  stackName,
  identity,
  call: <O>(service: string, operation: string, input: object) => dispatcher.call<O>(service, operation, input, deployer),
});

export interface CreateRequest {
  logicalId: string;
  props: Props;
  /** The resource's template Metadata, for handlers that need it (Lambda functions). */
  metadata?: Record<string, unknown>;
}

/** A resource as the deployment recorded it, with the properties it was last deployed with. */
export interface PreviousResource extends DeployedResource {
  properties: Props;
}

export interface UpdateRequest extends CreateRequest {
  previous: PreviousResource;
}

/** How the bootstrap creates, updates and deletes one CloudFormation resource type in the runtime. */
export interface ResourceHandler {
  create(req: CreateRequest, ctx: DeployContext): Promise<DeployedResource>;
  update(req: UpdateRequest, ctx: DeployContext): Promise<DeployedResource>;
  remove(previous: PreviousResource, ctx: DeployContext): Promise<void>;
  /**
   * Whether a recorded resource still exists, for types whose resources can be lost behind the deployment
   * record's back (deleted through the API, or gone in a crash): at start-up a missing one is created again.
   */
  exists?(previous: PreviousResource, ctx: DeployContext): Promise<boolean>;
}

/** CloudFormation names unnamed resources `<stack>-<logicalId>-<suffix>`; ours are deterministic so redeploys find them. */
export const generatedName = (ctx: DeployContext, logicalId: string, max: number) => `${ctx.stackName}-${logicalId}`.slice(0, max);

/** CloudFormation's `Tags` list as the tag map most service APIs take. */
export const tagMap = (tags: { Key: string; Value: string }[] | undefined): Record<string, string> => Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));

/** `promise`'s value, or undefined when it fails with one of `codes`: what is already gone needs no undoing. */
export async function ignoring<T>(codes: readonly string[], promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (e) {
    if (isServiceError(e) && codes.includes(e.code)) return undefined;
    throw e;
  }
}

/** Whether `describe` finds the resource: false when it fails with one of `notFound`. */
export const found = async (notFound: readonly string[], describe: Promise<unknown>): Promise<boolean> => (await ignoring(notFound, describe.then(() => true))) ?? false;

/**
 * Replaces a resource whose change cannot be applied in place. CloudFormation creates the replacement
 * first and deletes the old one after; a replacement that takes the old one's name must wait for it to go.
 */
export async function replace(handler: ResourceHandler, req: UpdateRequest, ctx: DeployContext, { order }: { order: 'create-first' | 'delete-first' }): Promise<DeployedResource> {
  if (order === 'delete-first') await handler.remove(req.previous, ctx);
  const next = await handler.create(req, ctx);
  if (order === 'create-first') await handler.remove(req.previous, ctx);
  return next;
}
