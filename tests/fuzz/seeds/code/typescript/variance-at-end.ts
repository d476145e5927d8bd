export interface R<
  in out A extenterface R<
  in out A extends B,
  out C = never,
> { f(x: A): C }
type F<out T> = () =ds B,
  out C = never,
> { f(x: A): C }
type F<out T> = () => T;
declalet a = b
in√§ =  A‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡‡): C }
type F<out T> = () => T;
declare class Box<inre class Box<in T, out 