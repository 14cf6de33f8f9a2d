/**
 * Validation of optimizer options: every invalid value becomes a `RangeError` that names
 * the option, the value given and the range allowed.
 */

/** Describes the value given, so `"0.1"` (a string) is not mistaken for `0.1` in a message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}" (a string)`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return `${Object.prototype.toString.call(value)}`;
}

/** One numeric option's allowed interval; `maxOpen` excludes the upper bound. */
export interface NumberRange {
  min: number;
  /** Whether `min` itself is excluded. */
  minOpen?: boolean;
  max?: number;
  /** Whether `max` itself is excluded. */
  maxOpen?: boolean;
}

/** Interval notation for a message and for the API reference, e.g. `[0, 1)` or `(0, ∞)`. */
export function formatRange(range: NumberRange): string {
  const low = range.minOpen ? '(' : '[';
  const high = range.max === undefined ? '∞)' : `${range.max}${range.maxOpen ? ')' : ']'}`;
  return `${low}${range.min}, ${high}`;
}

function inRange(value: number, range: NumberRange): boolean {
  if (range.minOpen ? value <= range.min : value < range.min) return false;
  if (range.max === undefined) return true;
  return range.maxOpen ? value < range.max : value <= range.max;
}

/**
 * Returns `value` if it is a finite number inside `range`, else throws a `RangeError`
 * like `Compass: option beta1 must be a finite number in [0, 1); got 1`.
 */
export function checkNumber(owner: string, option: string, value: unknown, range: NumberRange): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, range)) {
    throw new RangeError(
      `${owner}: option ${option} must be a finite number in ${formatRange(range)}; got ${describe(value)}`,
    );
  }
  return value;
}

/** Returns `value` if it is one of `allowed`, else throws a `RangeError` listing them. */
export function checkChoice<T extends string>(owner: string, option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const list = allowed.map((choice) => `'${choice}'`).join(', ');
    throw new RangeError(`${owner}: option ${option} must be one of ${list}; got ${describe(value)}`);
  }
  return value as T;
}

/** Throws a `TypeError` naming any option key that is not in `known` (a misspelt `lr`, say). */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${owner}: unknown option ${key}; known options are ${known.join(', ')}`);
    }
  }
}

/** What options an optimizer takes: defaults, numeric ranges and string choices. */
export interface OptionSpec {
  /** Default of each option; an option without a default is required. */
  defaults: Readonly<Record<string, number | string>>;
  ranges: Readonly<Record<string, NumberRange>>;
  choices: Readonly<Record<string, readonly string[]>>;
}

/**
 * Checks `given` against `spec` and returns every option with defaults filled in (an option given
 * as `undefined` takes its default). Throws `TypeError` for an unknown option name and
 * `RangeError` for a value out of range.
 */
export function resolveOptions<T>(owner: string, given: object, spec: OptionSpec): T {
  const known = [...Object.keys(spec.ranges), ...Object.keys(spec.choices)];
  checkKnownKeys(owner, given, known);
  const values: Record<string, unknown> = { ...spec.defaults };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) values[key] = value;
  for (const [key, range] of Object.entries(spec.ranges)) checkNumber(owner, key, values[key], range);
  for (const [key, allowed] of Object.entries(spec.choices)) checkChoice(owner, key, values[key], allowed);
  return values as T;
}
