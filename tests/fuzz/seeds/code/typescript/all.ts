interface I<T> { x: T; }
abstract class A<in out T> { abstract m(): void; constructor(private a = 1) { super(); } n(a?: number): a is number { return a! as any ?? 0; } }
type C<T> = T extends string ? 1 : 2;
declare function d(x: number): void;
enum E { A = 1 }
