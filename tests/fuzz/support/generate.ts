import fc from 'fast-check';

/** A JSON Schema node as z.toJSONSchema writes it (draft 2020-12). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

/** mulberry32: small, seeded, reproducible. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** The first alternative that is not null: the "real" shape behind optional/nullable unions. */
export function resolve(schema: JsonSchema): JsonSchema {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const real = alternatives.find((s) => s.type !== 'null') ?? alternatives[0]!;
    return resolve(real);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map(resolve)) as JsonSchema;
  }
  return schema;
}

/** The JSON types a schema accepts (all of them when it says nothing). */
export function acceptedTypes(schema: JsonSchema): Set<string> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return new Set(alternatives.flatMap((s) => [...acceptedTypes(s)]));
  }
  if (schema.allOf) {
    return acceptedTypes(resolve(schema));
  }
  if (schema.const !== undefined) {
    return new Set([jsonType(schema.const)]);
  }
  if (schema.enum) {
    return new Set(schema.enum.map(jsonType));
  }
  if (schema.type === undefined) {
    return new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);
  }
  const types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (types.has('number')) {
    types.add('integer');
  }
  return types;
}

export function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/** Ids of the seeded world, by the field or parameter name that usually carries them. */
export type IdHints = Record<string, string>;

function uuidFor(name: string, hints: IdHints, random: Random): string {
  if (hints[name]) {
    return hints[name]!;
  }
  if (/storeId$/i.test(name)) {
    return hints.storeId!;
  }
  if (/productId$/i.test(name)) {
    return hints.productId!;
  }
  if (/(userId|cashierId|approvedBy)$/i.test(name)) {
    return hints.userId!;
  }
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function randomUuid(random: Random): string {
  return uuidFor('', {}, random);
}

/** A value the schema should accept: required fields always, optional ones half the time. */
export function generate(
  schema: JsonSchema,
  name: string,
  hints: IdHints,
  random: Random,
  depth = 0,
): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) {
    return s.const;
  }
  if (s.enum) {
    return pick(random, s.enum);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (required.has(key) || (depth < 3 && random() < 0.5)) {
          out[key] = generate(property, key, hints, random, depth + 1);
        }
      }
      return out;
    }
    case 'array': {
      if (s.prefixItems) {
        return s.prefixItems.map((item) => generate(item, name, hints, random, depth + 1));
      }
      const count = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 2, 1 + Math.floor(random() * 2)));
      const itemName = name.endsWith('s') ? name.slice(0, -1) : name;
      return Array.from({ length: count }, () => generate(s.items ?? {}, itemName, hints, random, depth + 1));
    }
    case 'integer':
    case 'number': {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : low + 1000);
      const value = low + Math.floor(random() * Math.max(1, Math.min(high - low, 1000)));
      return value === 0 && /delta|quantity/i.test(name) ? 1 : value;
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    case 'string':
      return generateString(s, name, hints, random);
    default:
      return 'x';
  }
}

function generateString(s: JsonSchema, name: string, hints: IdHints, random: Random): string {
  if (s.format === 'uuid' || /^(id|.*Id)$/.test(name)) {
    if (s.format === 'uuid' || s.pattern?.includes('[0-9a-fA-F]{8}')) {
      return uuidFor(name, hints, random);
    }
  }
  if (s.format === 'date-time') {
    return new Date().toISOString();
  }
  if (s.format === 'date') {
    return new Date().toISOString().slice(0, 10);
  }
  if (s.format === 'email') {
    return 'fuzz@example.com';
  }
  if (s.format === 'uri' || s.format === 'url') {
    return 'https://example.com/x';
  }
  if (s.pattern) {
    const [value] = fc.sample(fc.stringMatching(new RegExp(s.pattern)), {
      numRuns: 1,
      seed: Math.floor(random() * 2 ** 31),
    });
    if (value !== undefined && value.length <= (s.maxLength ?? Infinity)) {
      return value;
    }
  }
  const length = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 12));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length }, () => pick(random, [...letters])).join('');
}

/** Every field path in a generated value, with the schema that describes it (objects and first array items). */
export function fieldsOf(
  schema: JsonSchema,
  value: unknown,
  prefix: string[] = [],
): { path: string[]; schema: JsonSchema; required: boolean }[] {
  const s = resolve(schema);
  const out: { path: string[]; schema: JsonSchema; required: boolean }[] = [];
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    const required = new Set(s.required ?? []);
    for (const [key, property] of Object.entries(s.properties)) {
      const path = [...prefix, key];
      out.push({ path, schema: property, required: required.has(key) });
      const child = (value as Record<string, unknown>)[key];
      out.push(...fieldsOf(property, child, path));
    }
  } else if (s.items && Array.isArray(value) && value.length > 0) {
    out.push(...fieldsOf(s.items, value[0], [...prefix, '0']));
  }
  return out;
}

/** A deep copy with the value at `path` replaced (or removed, with `remove`); parents are created as objects. */
export function setAt(value: unknown, path: string[], replacement: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) {
    delete node[last];
  } else {
    node[last] = replacement;
  }
  return copy;
}

/** Values of every JSON type, for "wrong type" mutations (only those the field does not accept are used). */
export const VALUES_BY_TYPE: Record<string, unknown> = {
  string: 'not-what-you-expect',
  integer: 123,
  number: 1.5,
  boolean: true,
  null: null,
  array: [1, 'two'],
  object: { nested: 'object' },
};

export const HUGE_STRING = 'A'.repeat(100 * 1024);

/** Strings that break naive code: NUL and control characters, bidi overrides, emoji, a lone surrogate, SQL-ish and HTML. */
export const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b\u0007\u001b[31m',
  '\u202Eevil\u202C',
  '🐶🐱🦜 \u{1F9A6}',
  '\uD800',
  "' or '1'='1",
  '<script>alert(1)</script>',
  '',
  ' ',
  '%s%n%x',
  '../../etc/passwd',
];

export const NASTY_NUMBERS: unknown[] = [
  -1,
  0,
  -0.5,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  2 ** 31,
  '1e5',
  '12',
  1e-7,
];

/** Ids in paths: traversal, encodings, junk, very long, and a well-formed id that names nothing. */
export const NASTY_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '%2e%2e',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'z'.repeat(5000),
  '%00',
  '%F0%9F%90%B6',
  '%E2%80%AE',
  "1'%20or%20'1'%3D'1",
  '-1',
  '%uD800',
  '%',
];

export const NASTY_QUERY_VALUES = [
  'abc',
  '-1',
  '1e308',
  '',
  '%00',
  '%F0%9F%90%B6',
  'A'.repeat(4000),
  'true',
  '[]',
];

/** A JSON text of `depth` nested arrays: a parser or validator that recurses must not fall over. */
export function deepArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

export function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
