export { renderTargetInput, validateTargetInput, type RuleIdentity, type TargetInput } from './target-input';
