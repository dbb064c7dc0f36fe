import type { StateResult, Visit } from '../engine';
import { ERRORS, StateFailure } from '../failure';
import type { Json } from '../host';
import { effectiveInput, resultOutput } from '../io';
import { INLINE_MAP_CONCURRENCY } from '../limits';
import { applyTemplate, queryPath, type PathScope } from '../paths';
import { firstFailure, runBranches, type BranchJob } from './branches';

/** A non-negative number given as a value or read through a `…Path` field; undefined when the state gives neither. */
function numberField(value: Json | undefined, path: string | undefined, field: string, effective: Json, scope: PathScope): number | undefined {
  const found = value !== undefined ? value : path !== undefined ? queryPath(path, effective, scope) : undefined;
  if (found === undefined && path === undefined) return undefined;
  if (typeof found !== 'number' || found < 0) throw new StateFailure(ERRORS.runtime, `The ${field} value must be a non-negative number, not ${JSON.stringify(found ?? null)}.`);
  return found;
}

/** ItemBatcher: consecutive items grouped into `{Items, BatchInput}` inputs, by count and by size. */
function batches(items: Json[], visit: Visit, effective: Json, scope: PathScope): Json[] {
  const batcher = visit.state.ItemBatcher!;
  const maxItems = numberField(batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, 'MaxItemsPerBatch', effective, scope) ?? Infinity;
  const maxBytes = numberField(batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, 'MaxInputBytesPerBatch', effective, scope) ?? Infinity;
  const batchInput = batcher.BatchInput === undefined ? undefined : applyTemplate(batcher.BatchInput, effective, scope, 'BatchInput');
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
 * Map (inline): runs ItemProcessor (or the older Iterator) once per item of ItemsPath, at most MaxConcurrency at
 * a time (0 = as many as AWS allows an inline Map: 40) (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
 * Without a tolerated failure threshold the first failed iteration aborts the others and the state fails with its
 * error; with one, the state fails with States.ExceedToleratedFailureThreshold once more iterations failed.
 */
export async function runMap(visit: Visit): Promise<StateResult> {
  const { state } = visit;
  const block = state.ItemProcessor ?? state.Iterator!;
  return visit.withRecovery(async (retryCount) => {
    const scope = visit.scope(retryCount);
    const effective = effectiveInput(visit, scope);
    const items = queryPath(state.ItemsPath ?? '$', effective, scope);
    if (!Array.isArray(items)) throw new StateFailure(ERRORS.runtime, `The ItemsPath field must select an array, not ${JSON.stringify(items ?? null)}.`);
    const selector = state.ItemSelector ?? state.Parameters;
    // `$$.Map.Item` exists only while ItemSelector is evaluated.
    const itemScope = (index: number, value: Json): PathScope => ({ ...scope, context: { ...(scope.context as object), Map: { Item: { Index: index, Value: value } } } });
    const selected = items.map((value, index) => (selector === undefined ? value : applyTemplate(selector, effective, itemScope(index, value), 'ItemSelector')));
    const inputs = state.ItemBatcher ? batches(selected, visit, effective, scope) : selected;
    const maxConcurrency = numberField(state.MaxConcurrency, state.MaxConcurrencyPath, 'MaxConcurrency', effective, scope) ?? 0;
    const count = numberField(state.ToleratedFailureCount, state.ToleratedFailureCountPath, 'ToleratedFailureCount', effective, scope);
    const percentage = numberField(state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, 'ToleratedFailurePercentage', effective, scope);
    const thresholded = count !== undefined || percentage !== undefined;
    const tolerated = Math.min(count ?? Infinity, percentage !== undefined ? Math.floor((percentage / 100) * inputs.length) : Infinity);

    const suffix = `/${retryCount}`;
    await visit.record('MapStateStarted', `${suffix}:started`, { length: inputs.length });
    const jobs: BranchJob[] = inputs.map((input, index) => ({ prefix: `${visit.key}${suffix}/i${index}`, block, input, iteration: index }));
    const concurrency = maxConcurrency === 0 ? INLINE_MAP_CONCURRENCY : Math.min(maxConcurrency, INLINE_MAP_CONCURRENCY);
    const outcomes = await runBranches(visit, jobs, { concurrency, toleratedFailures: thresholded ? tolerated : 0 });
    const failures = outcomes.filter((o) => o.kind === 'failed').length;
    if (failures > (thresholded ? tolerated : 0)) {
      await visit.record('MapStateFailed', `${suffix}:outcome`);
      if (thresholded) throw new StateFailure(ERRORS.exceedToleratedFailureThreshold, 'The specified tolerated failure threshold was exceeded');
      throw firstFailure(outcomes)!;
    }
    await visit.record('MapStateSucceeded', `${suffix}:outcome`);
    const results = outcomes.map((o): Json => (o.kind === 'succeeded' ? o.output : o.kind === 'failed' ? { Error: o.failure.error, Cause: o.failure.cause ?? null } : null));
    return resultOutput(visit, results, scope);
  });
}
