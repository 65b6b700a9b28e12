// A value a beforeAll makes, held from the describe block as a plain const: `later()` gives a stand-in
// that forwards every use to the value once `fill` has given it. Tests and their helpers only run after
// the hooks, so they use the stand-in as the value itself; a use before `fill` throws, naming what.

export interface Later<T extends object> {
  /** The stand-in: every property read, write, `in` and key listing reaches the filled value. */
  readonly value: T;
  fill(value: T): void;
}

export function later<T extends object>(what: string): Later<T> {
  let real: T | undefined;
  const target = (): T => {
    if (real === undefined) throw new Error(`${what} is used before the beforeAll that makes it has run`);
    return real;
  };
  const value = new Proxy({} as T, {
    get(_, key) {
      const t = target();
      const v: unknown = Reflect.get(t, key, t);
      // Methods run on the value itself, as the value's own private state may require.
      return typeof v === 'function' ? v.bind(t) : v;
    },
    set: (_, key, v) => Reflect.set(target(), key, v),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
  return {
    value,
    fill(v) {
      real = v;
    },
  };
}
