import type { PutRuleResponse, PutTargetsResponse, Target } from '@aws-sdk/client-eventbridge';
import { generatedName, ignoring, replace, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';
import { TemplateError, type DeployedResource } from '../template';

const DEFAULT_BUS = 'default';

const ruleName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.Name ?? generatedName(ctx, logicalId, 64);

/** EventBusName may be a name or an ARN (CDK passes the bus's Ref, its name). */
const busOf = (props: Props): string => {
  const bus: string = props.EventBusName ?? DEFAULT_BUS;
  return bus.startsWith('arn:') ? bus.slice(bus.indexOf(':event-bus/') + ':event-bus/'.length) : bus;
};

/**
 * CloudFormation's primary identifier of a rule, which Ref returns: `<bus>|<name>` for a rule on a custom bus,
 * the name alone on the default bus.
 */
const identifier = (bus: string, name: string) => (bus === DEFAULT_BUS ? name : `${bus}|${name}`);

async function putRule(name: string, bus: string, props: Props, ctx: DeployContext): Promise<string> {
  const { RuleArn } = await ctx.call<PutRuleResponse>('events', 'PutRule', {
    Name: name,
    EventBusName: bus,
    // The template carries the pattern as an object; the API takes its JSON text.
    EventPattern: props.EventPattern === undefined ? undefined : typeof props.EventPattern === 'string' ? props.EventPattern : JSON.stringify(props.EventPattern),
    ScheduleExpression: props.ScheduleExpression,
    State: props.State,
    Description: props.Description,
    RoleArn: props.RoleArn,
  });
  return RuleArn!;
}

async function putTargets(name: string, bus: string, targets: Target[], ctx: DeployContext, logicalId: string): Promise<void> {
  if (targets.length === 0) return;
  const { FailedEntries } = await ctx.call<PutTargetsResponse>('events', 'PutTargets', { Rule: name, EventBusName: bus, Targets: targets });
  if (FailedEntries?.length) throw new TemplateError(`${logicalId} (AWS::Events::Rule): ${FailedEntries.map((f) => `target ${f.TargetId}: ${f.ErrorMessage}`).join('; ')}`);
}

const targetIdsOf = (resource: DeployedResource): string[] => JSON.parse(resource.state?.targets ?? '[]');

/**
 * AWS::Events::Rule with its Targets, as CloudFormation models them: PutRule, then PutTargets
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html). Ref is
 * CloudFormation's identifier (`bus|name` on a custom bus), Arn is an attribute. A new Name or bus replaces
 * the rule; other changes are applied in place, and targets the template no longer lists are removed.
 */
export const eventsRule: ResourceHandler = {
  async create(req, ctx) {
    const name = ruleName(req, ctx);
    const bus = busOf(req.props);
    const arn = await putRule(name, bus, req.props, ctx);
    const targets: Target[] = req.props.Targets ?? [];
    await putTargets(name, bus, targets, ctx, req.logicalId);
    return { type: 'AWS::Events::Rule', physicalId: identifier(bus, name), attributes: { Arn: arn }, state: { name, bus, targets: JSON.stringify(targets.map((t) => t.Id)) } };
  },
  async update(req, ctx) {
    const { previous } = req;
    const name = ruleName(req, ctx);
    const bus = busOf(req.props);
    if (name !== previous.state?.name || bus !== previous.state?.bus) return replace(eventsRule, req, ctx, { order: 'delete-first' });
    await putRule(name, bus, req.props, ctx);
    const targets: Target[] = req.props.Targets ?? [];
    const dropped = targetIdsOf(previous).filter((id) => !targets.some((t) => t.Id === id));
    if (dropped.length) await ctx.call('events', 'RemoveTargets', { Rule: name, EventBusName: bus, Ids: dropped });
    await putTargets(name, bus, targets, ctx, req.logicalId);
    return { ...previous, state: { name, bus, targets: JSON.stringify(targets.map((t) => t.Id)) } };
  },
  async remove(previous, ctx) {
    const { name, bus } = previous.state as { name: string; bus: string };
    const ids = targetIdsOf(previous);
    // A bus the same deployment already deleted took its rules with it.
    if (ids.length) await ignoring(['ResourceNotFoundException'], ctx.call('events', 'RemoveTargets', { Rule: name, EventBusName: bus, Ids: ids }));
    await ignoring(['ResourceNotFoundException'], ctx.call('events', 'DeleteRule', { Name: name, EventBusName: bus }));
  },
};
