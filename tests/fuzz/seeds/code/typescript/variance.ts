export interface R<
  in out A extends B,
  out C = never,
> { f(x: A): C }
type F<out T> = () => T;
declare class Box<in T, out U = Map<string, T>> {}
let c = class<const in T> { m(a: T) { return a ?? 1 } };
function f<in T>() {}
interface I<out in T> {}
type E<in /* c */ out T> = T;
type Z<T, out U extends "a>b" = never> = U
