/**
 * A state machine definition as the interpreter reads it, once validateDefinition accepted it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html).
 */
import type { Json } from './host';
import type { Catcher, Retrier } from './retry';
import type { ChoiceRule } from './choice';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** Every field any state type may have; each state module reads the ones of its type. */
export interface StateDefinition {
  Type: StateType;
  Next?: string;
  End?: boolean;
  QueryLanguage?: QueryLanguage;
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Result?: Json;
  Arguments?: Json;
  Output?: Json;
  Assign?: { [name: string]: Json };
  Retry?: Retrier[];
  Catch?: Catcher[];
  Resource?: string;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Credentials?: { RoleArn?: string; 'RoleArn.$'?: string };
  Choices?: (ChoiceRule & { Next: string; Condition?: string; Output?: Json; Assign?: Json })[];
  Default?: string;
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
  Branches?: StatesBlock[];
  ItemProcessor?: StatesBlock & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  Iterator?: StatesBlock;
  ItemsPath?: string;
  Items?: Json;
  ItemSelector?: Json;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  ItemBatcher?: { MaxItemsPerBatch?: number | string; MaxItemsPerBatchPath?: string; MaxInputBytesPerBatch?: number | string; MaxInputBytesPerBatchPath?: string; BatchInput?: Json };
}

export interface StatesBlock {
  StartAt: string;
  States: { [name: string]: StateDefinition };
  QueryLanguage?: QueryLanguage;
}

export interface MachineDefinition extends StatesBlock {
  Comment?: string;
  TimeoutSeconds?: number;
  Version?: string;
}

/** A definition ready to run: parsed and validated once, shared by every execution of its version. */
export interface CompiledMachine {
  definition: MachineDefinition;
  /** The definition's own query language (each state may override it). */
  queryLanguage: QueryLanguage;
}
