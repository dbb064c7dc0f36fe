import { Decimal, dom, IonTypes } from 'ion-js';
import type { ArithmeticOp } from './ast';
import { semanticError } from './errors';
import { decimalOf, ionNull, isMissing, MISSING, textOf, type PValue } from './values';

/** Significant fractional digits kept by decimal division (decimal128's precision). */
const DECIMAL_DIVISION_DIGITS = 34;

/**
 * `+ - * / %` and `||`. Numeric results keep PartiQL's type promotion: int op int stays int (division
 * truncates), any float makes a float, otherwise decimal, computed exactly. `UPDATE … SET balance =
 * balance + ?` is the common ledger use (localstack#7002 shows real QLDB accepting it).
 */
export function applyArithmetic(op: ArithmeticOp, a: PValue, b: PValue): PValue {
  if (isMissing(a) || isMissing(b)) return MISSING;
  if (a.isNull() || b.isNull()) return ionNull();
  if (op === '||') {
    const x = textOf(a);
    const y = textOf(b);
    return x === undefined || y === undefined ? MISSING : new dom.String(x + y);
  }
  const ta = a.getType();
  const tb = b.getType();
  const numeric = (t: typeof ta) => t === IonTypes.INT || t === IonTypes.DECIMAL || t === IonTypes.FLOAT;
  if (!numeric(ta) || !numeric(tb)) return MISSING;
  if (ta === IonTypes.FLOAT || tb === IonTypes.FLOAT) return new dom.Float(combine(op, a.numberValue()!, b.numberValue()!));
  if (ta === IonTypes.INT && tb === IonTypes.INT) return new dom.Integer(intOp(op, a.bigIntValue()!, b.bigIntValue()!));
  return new dom.Decimal(decimalOp(op, decimalOf(a), decimalOf(b)));
}

export function negate(v: PValue): PValue {
  return applyArithmetic('-', new dom.Integer(0n), v);
}

/** One operator for both kinds of JS number (overloads keep number with number and bigint with bigint). */
function combine(op: ArithmeticOp, x: number, y: number): number;
function combine(op: ArithmeticOp, x: bigint, y: bigint): bigint;
function combine(op: ArithmeticOp, x: any, y: any): any {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    default:
      return x % y;
  }
}

function intOp(op: ArithmeticOp, x: bigint, y: bigint): bigint {
  if ((op === '/' || op === '%') && y === 0n) throw semanticError('division by zero');
  return combine(op, x, y);
}

/** Signed coefficient × 10^exponent. */
interface Scaled {
  c: bigint;
  e: number;
}

const scaledOf = (d: Decimal): Scaled => ({ c: d.getCoefficient(), e: d.getExponent() });
const toDecimal = ({ c, e }: Scaled): Decimal => new Decimal(c < 0n ? -c : c, e, c < 0n);
const align = (x: Scaled, y: Scaled): [bigint, bigint, number] => {
  const e = Math.min(x.e, y.e);
  return [x.c * 10n ** BigInt(x.e - e), y.c * 10n ** BigInt(y.e - e), e];
};

/**
 * Decimal arithmetic works within decimal128's exponent range (what QLDB's PartiQL computes in):
 * aligning `1d400000` with `1` exactly would build a 400,000-digit number and stall every client.
 */
const DECIMAL_EXPONENT = { min: -6176, max: 6111 };

function checkExponent({ e }: Scaled): void {
  if (e < DECIMAL_EXPONENT.min || e > DECIMAL_EXPONENT.max) {
    throw semanticError(`decimal exponent ${e} is outside the supported range [${DECIMAL_EXPONENT.min}, ${DECIMAL_EXPONENT.max}]`);
  }
}

function decimalOp(op: ArithmeticOp, a: Decimal, b: Decimal): Decimal {
  const x = scaledOf(a);
  const y = scaledOf(b);
  checkExponent(x);
  checkExponent(y);
  if ((op === '/' || op === '%') && y.c === 0n) throw semanticError('division by zero');
  if (op === '*') {
    const product = { c: x.c * y.c, e: x.e + y.e };
    checkExponent(product);
    return toDecimal(product);
  }
  const [cx, cy, e] = align(x, y);
  switch (op) {
    case '+':
      return toDecimal({ c: cx + cy, e });
    case '-':
      return toDecimal({ c: cx - cy, e });
    case '%':
      return toDecimal({ c: cx % cy, e });
    default: {
      let c = (cx * 10n ** BigInt(DECIMAL_DIVISION_DIGITS)) / cy;
      let exponent = -DECIMAL_DIVISION_DIGITS;
      while (exponent < 0 && c % 10n === 0n) {
        c /= 10n;
        exponent++;
      }
      return toDecimal({ c, e: exponent });
    }
  }
}
