import { IonTypes, type dom } from 'ion-js';
import { sessionErrors } from './errors';

/**
 * Containers nested deeper than this are refused: hashing and evaluating a value recurse over it (ion-js
 * itself overflows the stack loading a few thousand levels; then the value is not valid Ion).
 */
export const MAX_PARAMETER_NESTING = 100;

/**
 * Decimal coefficients longer than this are refused: ion-js encodes and decodes them in time quadratic in
 * their length (a 300,000-digit one takes seconds, on the event loop every client shares).
 */
export const MAX_DECIMAL_DIGITS = 10_000;

/** Hex digits per decimal digit: a cheap length estimate that never renders the whole number. */
const HEX_PER_DECIMAL = Math.log10(16);

const tooLong = (n: bigint) => (n < 0n ? -n : n).toString(16).length * HEX_PER_DECIMAL > MAX_DECIMAL_DIGITS + 1;

/** Walks a parameter without recursion and throws at the first bound it exceeds. */
export function checkParameterBounds(root: dom.Value, position: number): void {
  const pending: [dom.Value, number][] = [[root, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value.isNull()) continue;
    if (value.getType() === IonTypes.DECIMAL && tooLong(value.decimalValue()!.getCoefficient())) throw sessionErrors.parameterDecimalTooLong(position, MAX_DECIMAL_DIGITS);
    // The same bound as an Ion binary parameter's integers and fractions get before decoding (ion-binary-scan.ts).
    if (value.getType() === IonTypes.INT && tooLong(value.bigIntValue()!)) throw sessionErrors.parameterNumberTooLong(position, MAX_DECIMAL_DIGITS);
    if (value.getType() === IonTypes.TIMESTAMP && tooLong(value.timestampValue()!.getSecondsDecimal().getCoefficient())) {
      throw sessionErrors.parameterNumberTooLong(position, MAX_DECIMAL_DIGITS);
    }
    if (!value.getType().isContainer) continue;
    if (depth > MAX_PARAMETER_NESTING) throw sessionErrors.parameterTooDeep(position, MAX_PARAMETER_NESTING);
    for (const child of value.elements()) pending.push([child, depth + 1]);
  }
}
