/**
 * Exact comparison of JSON numbers by their text: EventBridge matches `[5]` against 5.0, 5e0 and `[0]` against -0,
 * but not `[9007199254740993]` against 9007199254740992 (docs/eventbridge-patterns.md#numbers).
 */

/** The number's value as sign, significant digits and exponent ("-12e3"), or "0": equal values give equal keys. */
export function numberKey(raw: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!match) throw new Error(`not a JSON number: ${raw}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  // The exponent of the last significant digit.
  const scale = BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${sign}${significant}e${scale}`;
}

/**
 * Whether the double nearest to `raw` has exactly the value written: AWS refuses a numeric bound that is not
 * (docs/eventbridge-patterns.md#numeric).
 */
export function isExactDouble(raw: string): boolean {
  const value = Number(raw);
  return Number.isFinite(value) && numberKey(String(value).replace('e+', 'e')) === numberKey(raw);
}
