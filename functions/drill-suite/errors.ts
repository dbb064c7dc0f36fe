/**
 * The errors the drill-suite function throws, by name: an InvalidSuiteInput fails the suite before any drill
 * runs (the state machine does not catch it), and the statemachines tier checks every ErrorEquals name exists.
 */
export { InvalidSuiteInputError } from '../domain/drills/suite-plan';
export { InvalidSuiteStepError } from '../domain/drills/suite-outcomes';
