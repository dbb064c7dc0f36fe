import { compileEventPattern } from '../../runtime/services/events/pattern/compile';
import { parseJson } from '../../runtime/services/events/pattern/json';
import { matchesEventPattern } from '../../runtime/services/events/pattern/match';
import { RuleIndex } from '../../runtime/services/events/rule-index';

const PATTERNS: Record<string, object> = {
  placed: { 'detail-type': ['Order Placed'] },
  placedOrShipped: { 'detail-type': ['Order Placed', 'Order Shipped'], detail: { n: [{ numeric: ['>', 1] }] } },
  bySource: { source: ['app.orders'] },
  prefixType: { 'detail-type': [{ prefix: 'Order' }], source: ['app.orders'] },
  orBranches: { $or: [{ 'detail-type': ['A'] }, { 'detail-type': ['B'], source: ['s'] }] },
  orUnpinned: { $or: [{ 'detail-type': ['A'] }, { source: ['s'] }] },
  numberNotString: { 'detail-type': [5] },
  absentType: { 'detail-type': [{ exists: false }] },
  anythingBut: { 'detail-type': [{ 'anything-but': 'Order Placed' }] },
  nestedOnly: { detail: { 'detail-type': ['Order Placed'] } },
  nullType: { 'detail-type': [null], source: ['app.orders'] },
};

const EVENTS = [
  { 'detail-type': 'Order Placed', source: 'app.orders', detail: { n: 2 } },
  { 'detail-type': 'Order Shipped', source: 'app.orders', detail: { n: 0 } },
  { 'detail-type': 'A', source: 'x', detail: {} },
  { 'detail-type': 'B', source: 's', detail: {} },
  { 'detail-type': ['Order Placed', 'B'], source: ['s', 'app.orders'], detail: { n: 5 } },
  { 'detail-type': 5, source: 'app.orders', detail: {} },
  { source: 's', detail: { 'detail-type': 'Order Placed' } },
  { 'detail-type': null, source: 'app.orders', detail: {} },
  { 'detail-type': { nested: 'Order Placed' }, source: 'app.orders', detail: {} },
  { 'detail-type.x': 'Order Placed', source: 'app.orders', detail: {} },
];

const entries = Object.entries(PATTERNS).map(([name, pattern]) => ({ name, pattern: compileEventPattern(JSON.stringify(pattern)) }));
const index = new RuleIndex(entries);

describe('RuleIndex', () => {
  it.each(EVENTS.map((event) => [JSON.stringify(event), event]))('gives every rule that matches %s, in order', (_, event) => {
    const parsed = parseJson(JSON.stringify(event));
    const matching = entries.filter((entry) => matchesEventPattern(entry.pattern, parsed)).map((entry) => entry.name);
    const viaIndex = index.candidates(parsed).filter((entry) => matchesEventPattern(entry.pattern, parsed)).map((entry) => entry.name);
    expect(viaIndex).toEqual(matching);
  });

  it('leaves out rules pinned to other values', () => {
    const candidates = index.candidates(parseJson(JSON.stringify({ 'detail-type': 'Unrelated', source: 'elsewhere', detail: {} }))).map((entry) => entry.name);
    expect(candidates).not.toContain('placed');
    expect(candidates).not.toContain('placedOrShipped');
    expect(candidates).not.toContain('bySource');
    expect(candidates).not.toContain('orBranches');
    // Pinned by source when detail-type cannot pin them.
    expect(candidates).not.toContain('prefixType');
    expect(candidates).not.toContain('nullType');
    // Not pinnable: an $or branch without the field, a number, exists, anything-but, a nested key.
    expect(candidates).toEqual(['orUnpinned', 'numberNotString', 'absentType', 'anythingBut', 'nestedOnly']);
  });
});
