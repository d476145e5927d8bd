interface Props<in out T> { value: T; onChange(v: T): void }
const View = <T,>(p: Props<T>) => <div onClick={() => p.onChange(p.value)}>{String(p.value)}</div>;
export default class<in T, out U = never> { render(x: T) { return x ? <b/> : null } }
type Bad = <in U>() => U;
class Store<const in out S,> {}
