import x from "y";
export class A extends B { static #p = 1; get g() { return this.#p ?? 0; } m(a = 1, {b = 2} = {}) { for (const k in a) if (k?.x) continue; } }
const f = async (a) => { try { await a; } catch { } finally { } };
switch (x) { case 1: case 2: break; default: }
label: do { x &&= y || z; } while (x ? 1 : 2);
function* g() { yield `${a ? b : c}`; }
