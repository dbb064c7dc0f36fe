import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { begin, fieldValue, jsonataScope, withResult, type Stage } from '../io';
import { evaluateTemplate } from '../jsonata';
import { INLINE_MAP_CONCURRENCY } from '../limits';
import { applyTemplate, queryPath } from '../paths';
import { firstFailure, runBranches, type BranchJob } from './branches';

/** A non-negative number: a value, a JSONata expression, or read through a `…Path` field; undefined if neither is given. */
async function numberField(visit: Visit, stage: Stage, value: Json | undefined, path: string | undefined, field: string): Promise<number | undefined> {
  if (value === undefined && path === undefined) return undefined;
  const found = value !== undefined ? await fieldValue(visit, stage, value, field) : queryPath(path!, stage.effective, stage.scope);
  if (typeof found !== 'number' || found < 0) throw new StateFailure(ERRORS.runtime, `The ${field} value must be a non-negative number, not ${JSON.stringify(found ?? null)}.`);
  return found;
}

/** The items to iterate: JSONata's Items (an array or an expression, default the input), JSONPath's ItemsPath. */
async function itemsOf(visit: Visit, stage: Stage): Promise<Json[]> {
  const { state } = visit;
  const items = visit.queryLanguage === 'JSONata' ? (state.Items === undefined ? visit.input : await evaluateTemplate(state.Items, jsonataScope(visit, stage), 'Items')) : queryPath(state.ItemsPath ?? '$', stage.effective, stage.scope);
  if (!Array.isArray(items)) throw new StateFailure(ERRORS.runtime, `The Map state's items must be an array, not ${JSON.stringify(items ?? null)}.`);
  return items;
}

/** Each item's iteration input: ItemSelector (or the older Parameters) with `$$.Map.Item` — which exists only here. */
async function selectItems(visit: Visit, stage: Stage, items: Json[]): Promise<Json[]> {
  const { state } = visit;
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return items;
  return Promise.all(
    items.map(async (value, index) => {
      const context = { ...(stage.scope.context as object), Map: { Item: { Index: index, Value: value } } };
      const itemStage: Stage = { ...stage, scope: { ...stage.scope, context } };
      return visit.queryLanguage === 'JSONata'
        ? evaluateTemplate(selector, jsonataScope(visit, itemStage), 'ItemSelector')
        : applyTemplate(selector, stage.effective, itemStage.scope, 'ItemSelector');
    }),
  );
}

/** ItemBatcher: consecutive items grouped into `{Items, BatchInput}` inputs, by count and by size. */
async function batches(visit: Visit, stage: Stage, items: Json[]): Promise<Json[]> {
  const batcher = visit.state.ItemBatcher!;
  const maxItems = (await numberField(visit, stage, batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, 'MaxItemsPerBatch')) ?? Infinity;
  const maxBytes = (await numberField(visit, stage, batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, 'MaxInputBytesPerBatch')) ?? Infinity;
  const batchInput =
    batcher.BatchInput === undefined ? undefined
    : visit.queryLanguage === 'JSONata' ? await evaluateTemplate(batcher.BatchInput, jsonataScope(visit, stage), 'BatchInput')
    : applyTemplate(batcher.BatchInput, stage.effective, stage.scope, 'BatchInput');
  const wrap = (group: Json[]): Json => (batchInput === undefined ? { Items: group } : { BatchInput: batchInput, Items: group });
  const out: Json[] = [];
  let group: Json[] = [];
  for (const item of items) {
    const candidate = [...group, item];
    if (group.length > 0 && (candidate.length > maxItems || Buffer.byteLength(JSON.stringify(wrap(candidate))) > maxBytes)) {
      out.push(wrap(group));
      group = [item];
    } else group = candidate;
  }
  if (group.length > 0) out.push(wrap(group));
  return out;
}

/**
 * Map (inline): runs ItemProcessor (or the older Iterator) once per item, at most MaxConcurrency at a time (0 = as
 * many as AWS allows an inline Map: 40) (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
 * Without a tolerated failure threshold the first failed iteration aborts the others and the state fails with its
 * error; with one, the state fails with States.ExceedToleratedFailureThreshold once more iterations failed, and a
 * tolerated failure's result is its `{Error, Cause}`.
 */
export async function runMap(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const block = state.ItemProcessor ?? state.Iterator!;
  return visit.withRecovery(async (retryCount) => {
    const stage = begin(visit, retryCount);
    const selected = await selectItems(visit, stage, await itemsOf(visit, stage));
    const inputs = state.ItemBatcher ? await batches(visit, stage, selected) : selected;
    const maxConcurrency = (await numberField(visit, stage, state.MaxConcurrency, state.MaxConcurrencyPath, 'MaxConcurrency')) ?? 0;
    const count = await numberField(visit, stage, state.ToleratedFailureCount, state.ToleratedFailureCountPath, 'ToleratedFailureCount');
    const percentage = await numberField(visit, stage, state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, 'ToleratedFailurePercentage');
    const thresholded = count !== undefined || percentage !== undefined;
    const tolerated = thresholded ? Math.min(count ?? Infinity, percentage !== undefined ? Math.floor((percentage / 100) * inputs.length) : Infinity) : 0;

    const suffix = `/${retryCount}`;
    await visit.record('MapStateStarted', `${suffix}:started`, { length: inputs.length });
    const jobs: BranchJob[] = inputs.map((input, index) => ({ prefix: `${visit.key}${suffix}/i${index}`, block, input, iteration: index }));
    const concurrency = maxConcurrency === 0 ? INLINE_MAP_CONCURRENCY : Math.min(maxConcurrency, INLINE_MAP_CONCURRENCY);
    const outcomes = await runBranches(visit, jobs, { concurrency, toleratedFailures: tolerated });
    if (outcomes.filter((o) => o.kind === 'failed').length > tolerated) {
      await visit.record('MapStateFailed', `${suffix}:outcome`);
      if (thresholded) throw new StateFailure(ERRORS.exceedToleratedFailureThreshold, 'The specified tolerated failure threshold was exceeded');
      throw firstFailure(outcomes)!;
    }
    await visit.record('MapStateSucceeded', `${suffix}:outcome`);
    const results = outcomes.map((o): Json => (o.kind === 'succeeded' ? o.output : o.kind === 'failed' ? { Error: o.failure.error, Cause: o.failure.cause ?? null } : null));
    return withResult(visit, stage, results);
  });
}
