/** An out-parameter (spec D10): a `{ value?: T }` object, or `null` for a null pointer. */
export interface Ref<T> {
  value?: T;
}

/** A fresh out-parameter. */
export function ref<T>(value?: T): Ref<T> {
  return value === undefined ? {} : { value };
}
