const C = (p: { a?: boolean }) => <div>{p.a && <b/>}{p.a ? <i/> : null}</div>;
export default function App<T,>(x: T) { return <C a />; }
