export const o: {
  (a: A): <E, R>(x: E) => F<E, R>
  /**
   * doc with 'quotes', `ticks` and // slashes
   */
  <A, B, C = B>(
    a: A
  ): C
  <
    A,
  >(a: A): A
} = f
type G = {
  (a: A): R
  <B>
}
let x = a
  < b
