/** The parts of a synthesized CloudFormation template the bootstrap reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  /** Resource metadata; keydrill's stack puts `keydrill:entry` (a function's local handler module) here. */
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Description?: string;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: unknown } }>;
  Conditions?: Record<string, unknown>;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface DeployedResource {
  type: string;
  /** What `Ref` returns. */
  physicalId: string;
  /** What `Fn::GetAtt` returns, by attribute name: only the attributes CloudFormation documents for the type. */
  attributes: Record<string, string>;
  /** The handler's own bookkeeping (what it attached, what identifies the resource), which templates cannot read. */
  state?: Record<string, string>;
}

export interface ResolveScope {
  account: string;
  region: string;
  stackName: string;
  stackId: string;
  resources: Record<string, DeployedResource>;
}

/** A marker that removes the property it is assigned to (`Ref: AWS::NoValue`). */
const NO_VALUE = Symbol('AWS::NoValue');

function pseudo(name: string, scope: ResolveScope): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return scope.account;
    case 'AWS::Region':
      return scope.region;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return scope.stackName;
    case 'AWS::StackId':
      return scope.stackId;
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  return undefined;
}

function ref(name: string, scope: ResolveScope): string | typeof NO_VALUE {
  const p = pseudo(name, scope);
  if (p !== undefined) return p;
  const resource = scope.resources[name];
  if (!resource) throw new TemplateError(`Ref to ${name}, which is neither a deployed resource nor a pseudo parameter`);
  return resource.physicalId;
}

function getAtt(logicalId: string, attribute: string, scope: ResolveScope): string {
  const resource = scope.resources[logicalId];
  const value = resource?.attributes[attribute];
  if (value === undefined) throw new TemplateError(`Fn::GetAtt ${logicalId}.${attribute} is not available (resource type ${resource?.type ?? 'unknown'})`);
  return value;
}

function sub(template: string, variables: Record<string, unknown>, scope: ResolveScope): string {
  return template.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in variables) return String(variables[name]);
    if (name.includes('.')) {
      const [id, ...attr] = name.split('.');
      return getAtt(id, attr.join('.'), scope);
    }
    const value = ref(name, scope);
    if (value === NO_VALUE) throw new TemplateError(`Fn::Sub cannot use ${whole}`);
    return value;
  });
}

/** Resolves the intrinsic functions CDK emits: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split. */
export function resolve(value: unknown, scope: ResolveScope): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, scope)).filter((v) => v !== NO_VALUE);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    switch (fn) {
      case 'Ref':
        return ref(String(arg), scope);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return getAtt(String(id), String(attr), scope);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, unknown[]];
        return (resolve(list, scope) as unknown[]).join(sep);
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return sub(arg, {}, scope);
        const [text, vars] = arg as [string, Record<string, unknown>];
        return sub(text, resolve(vars, scope) as Record<string, unknown>, scope);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (resolve(list, scope) as unknown[])[Number(resolve(index, scope))];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return String(resolve(text, scope)).split(sep);
      }
    }
    if (fn.startsWith('Fn::') || fn === 'Condition') throw new TemplateError(`keydrill's bootstrap does not support ${fn}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const resolved = resolve(v, scope);
    if (resolved !== NO_VALUE) out[k] = resolved;
  }
  return out;
}

/** Logical ids a value refers to (Ref, GetAtt, ${…} in Sub). */
function references(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => references(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) into.add(v);
      else if (k === 'Fn::GetAtt') into.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : (v as unknown[])[0];
        for (const m of String(text).matchAll(/\$\{([^}!][^}.]*)/g)) if (!m[1].startsWith('AWS::')) into.add(m[1]);
        if (Array.isArray(v)) references(v[1], into);
      } else references(v, into);
    }
  }
  return into;
}

/** Resources in an order where everything a resource refers to comes first. */
export function deploymentOrder(template: CfnTemplate): string[] {
  const ids = Object.keys(template.Resources);
  const deps = new Map(
    ids.map((id) => {
      const r = template.Resources[id];
      const set = references(r.Properties ?? {}, new Set<string>());
      for (const d of [r.DependsOn ?? []].flat()) set.add(d);
      for (const d of set) if (!template.Resources[d]) set.delete(d);
      return [id, set] as const;
    }),
  );
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new TemplateError(`circular dependency: ${[...path, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const d of deps.get(id)!) visit(d, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids.sort()) visit(id, []);
  return order;
}
