import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from '../domain/projection/ion-to-dynamodb';

export interface UpdateExpression {
  expression: string;
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
}

/** SET a = :a, b = if_not_exists(b, :b) REMOVE c, with every name behind a placeholder (data, version… are reserved words). */
export function updateExpression(set: Item, setIfAbsent: Item, remove: readonly string[]): UpdateExpression {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const assignments: string[] = [];
  let n = 0;
  const placeholder = (name: string, value: AttributeValue) => {
    const i = n++;
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return i;
  };
  for (const [name, value] of Object.entries(set)) {
    const i = placeholder(name, value);
    assignments.push(`#a${i} = :a${i}`);
  }
  for (const [name, value] of Object.entries(setIfAbsent)) {
    const i = placeholder(name, value);
    assignments.push(`#a${i} = if_not_exists(#a${i}, :a${i})`);
  }
  const removals = remove.map((name) => {
    const i = n++;
    names[`#a${i}`] = name;
    return `#a${i}`;
  });
  const expression = [assignments.length ? `SET ${assignments.join(', ')}` : '', removals.length ? `REMOVE ${removals.join(', ')}` : ''].filter(Boolean).join(' ');
  return { expression, names, values };
}
