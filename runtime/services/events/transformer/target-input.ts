import type { Target } from '@aws-sdk/client-eventbridge';
import type { EventEnvelope } from '../model';
import { parseJsonPath, select } from './json-path';
import { isJsonText, type PlaceholderValue, placeholdersIn, renderTemplate } from './template';

/**
 * What a rule's target receives (docs/eventbridge-input.md): the event itself, a constant `Input`, the part of the
 * event `InputPath` selects, or an `InputTransformer` template filled from the event. Checked at PutTargets with
 * AWS's messages, rendered at delivery with AWS's rules.
 */

/** The members of a PutTargets target that say what it receives (the model's limits on them are in ../inputs.ts). */
export type TargetInput = Pick<Target, 'Id' | 'Input' | 'InputPath' | 'InputTransformer'>;
type InputTransformer = NonNullable<TargetInput['InputTransformer']>;

export interface RuleIdentity {
  arn: string;
  name: string;
}

/** The variables every template may use without defining them; InputPathsMap may not redefine them. */
const PREDEFINED = ['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json'] as const;
type Predefined = (typeof PREDEFINED)[number];

/** InputPathsMap keys: the model's pattern. */
const KEY = /^[A-Za-z0-9_-]+$/;

/** The ValidationException message PutTargets gives for this target's input, or undefined when it is acceptable. */
export function validateTargetInput(target: TargetInput): string | undefined {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((member) => member !== undefined);
  if (given.length > 1) return `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`;
  if (target.Input !== undefined && !isJsonText(target.Input)) return `Input for target ${target.Id} is not a valid JSON text.`;
  if (target.InputPath !== undefined && !parseJsonPath(target.InputPath)) return `InputPath for target ${target.Id} is not a valid JSON path.`;
  if (target.InputTransformer) return transformerProblem(target.Id, target.InputTransformer);
  return undefined;
}

function transformerProblem(id: string | undefined, transformer: InputTransformer): string | undefined {
  const paths = transformer.InputPathsMap ?? {};
  for (const key of Object.keys(paths)) {
    if (/^aws\./i.test(key)) return `InputPathsMap for target ${id} contains a reserved key ${key}.`;
    if (!KEY.test(key)) return `InputPathsMap for target ${id} contains an invalid key ${key}.`;
  }
  for (const name of placeholdersIn(transformer.InputTemplate ?? '')) {
    if (!Object.hasOwn(paths, name) && !(PREDEFINED as readonly string[]).includes(name)) {
      return `InputTemplate for target ${id} contains invalid placeholder ${name}.`;
    }
  }
  return undefined;
}

/**
 * The payload the target receives for `event`, or undefined when AWS would not deliver it: an InputTransformer
 * whose JSON template renders to text that is not JSON. `target` has passed validateTargetInput.
 */
export function renderTargetInput(target: TargetInput, event: EventEnvelope, rule: RuleIdentity, ingestionTime: Date): string | undefined {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return selectionJson(target.InputPath, event);
  if (target.InputTransformer) {
    const paths = target.InputTransformer.InputPathsMap ?? {};
    return renderTemplate(target.InputTransformer.InputTemplate ?? '', (name) =>
      Object.hasOwn(paths, name) ? valueAt(paths[name]!, event) : predefinedValue(name as Predefined, event, rule, ingestionTime),
    );
  }
  return JSON.stringify(event);
}

/** InputPath's result as JSON; a path that selects nothing delivers `null`. */
function selectionJson(path: string, event: EventEnvelope): string {
  const value = valueAt(path, event);
  return value.present ? JSON.stringify(value.value) : 'null';
}

/** AWS does not check InputPathsMap paths at PutTargets, so one outside the supported syntax simply finds nothing. */
function valueAt(path: string, event: EventEnvelope): PlaceholderValue {
  const parsed = parseJsonPath(path);
  const selection = parsed ? select(parsed, event) : { found: false as const };
  return selection.found ? { present: true, value: selection.value } : { present: false };
}

function predefinedValue(name: Predefined, event: EventEnvelope, rule: RuleIdentity, ingestionTime: Date): PlaceholderValue {
  switch (name) {
    case 'aws.events.rule-arn':
      return { present: true, value: rule.arn };
    case 'aws.events.rule-name':
      return { present: true, value: rule.name };
    case 'aws.events.event.ingestion-time':
      return { present: true, value: ingestionTime.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    case 'aws.events.event': {
      // The envelope without `detail`, and with `detail-type` spelled `detailType`.
      const { detail: _detail, 'detail-type': detailType, ...rest } = event;
      const { version, id, ...after } = rest;
      return { present: true, value: { version, id, detailType, ...after } };
    }
    case 'aws.events.event.json':
      return { present: true, value: event };
  }
}
