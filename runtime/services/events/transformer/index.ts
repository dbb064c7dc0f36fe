export { renderTargetInput, TARGET_INPUT_CONSTRAINTS, validateTargetInput, type InputTransformer, type RuleIdentity, type TargetInput } from './target-input';
