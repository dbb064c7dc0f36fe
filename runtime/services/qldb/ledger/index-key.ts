import { IonTypes, dom } from 'ion-js';

/**
 * A string that two Ion values share exactly when PartiQL `=` holds between them, so an index can be
 * a plain Map. PartiQL compares numbers by value across int, decimal and float (`1 = 1.0`), and
 * strings with symbols by text; annotations do not take part.
 */
export function indexKey(value: dom.Value): string {
  const type = value.getType();
  if (value.isNull()) return 'null';
  switch (type) {
    case IonTypes.BOOL:
      return `b:${value.booleanValue()}`;
    case IonTypes.INT:
    case IonTypes.FLOAT:
    case IonTypes.DECIMAL:
      return `n:${canonicalNumber(value)}`;
    case IonTypes.STRING:
    case IonTypes.SYMBOL:
      return `s:${value.stringValue()}`;
    case IonTypes.TIMESTAMP:
      return `t:${value.timestampValue()!.getDate().getTime()}`;
    case IonTypes.BLOB:
    case IonTypes.CLOB:
      return `l:${Buffer.from(value.uInt8ArrayValue()!).toString('base64')}`;
    case IonTypes.LIST:
    case IonTypes.SEXP:
      return `[${value.elements().map(indexKey).join(',')}]`;
    case IonTypes.STRUCT:
      return `{${value
        .fields()
        .map(([name, v]) => `${JSON.stringify(name)}:${indexKey(v)}`)
        .sort()
        .join(',')}}`;
    default:
      return `?:${type.name}`;
  }
}

/** A number's value as a normalized decimal string: `1`, `1.0`, `1e0` and `10d-1` all give `1`. */
function canonicalNumber(value: dom.Value): string {
  if (value.getType() === IonTypes.FLOAT) {
    const n = value.numberValue()!;
    if (!Number.isFinite(n)) return String(n);
    return normalizeDecimalText(n.toString());
  }
  if (value.getType() === IonTypes.INT) return normalizeDecimalText(value.bigIntValue()!.toString());
  return normalizeDecimalText(value.decimalValue()!.toString());
}

/** `-0012.3400e2` → `-1234e0`: digits without leading or trailing zeros, times a power of ten. */
function normalizeDecimalText(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eEdD]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return text;
  const [, sign, intPart, fracPart = '', exp = '0'] = m;
  const significant = (intPart + fracPart).replace(/^0+/, '');
  if (significant === '') return '0';
  const digits = significant.replace(/0+$/, '');
  const exponent = Number(exp) - fracPart.length + (significant.length - digits.length);
  return `${sign}${digits}e${exponent}`;
}
