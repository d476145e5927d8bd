// A small inventory module: a sample for the code panel.
export function parseQuantity(text) {
  if (typeof text !== 'string' || text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function priceOf(item, customer) {
  let price = item.price;
  if (customer?.member) {
    price *= 0.9;
  } else if (customer && customer.orders > 10) {
    price *= 0.95;
  }
  for (const rule of item.rules ?? []) {
    switch (rule.kind) {
      case 'bulk':
        if (item.quantity >= rule.min) price -= rule.off;
        break;
      case 'season':
        price *= rule.factor || 1;
        break;
      default:
        throw new Error(`unknown rule ${rule.kind}`);
    }
  }
  return Math.max(price, 0);
}

export class Inventory {
  #items = new Map();

  add(item) {
    const existing = this.#items.get(item.sku);
    if (existing) existing.quantity += item.quantity;
    else this.#items.set(item.sku, { ...item });
  }

  remove(sku, quantity = 1) {
    const item = this.#items.get(sku);
    if (!item) return false;
    while (quantity-- > 0 && item.quantity > 0) item.quantity--;
    if (item.quantity === 0) this.#items.delete(sku);
    return true;
  }

  lowStock(limit) {
    return [...this.#items.values()].filter((item) => item.quantity < limit && !item.discontinued);
  }

  total(customer) {
    let sum = 0;
    for (const item of this.#items.values()) {
      try {
        sum += priceOf(item, customer) * item.quantity;
      } catch (error) {
        if (error instanceof RangeError) continue;
        throw error;
      }
    }
    return sum;
  }
}

export const describe = (item) => `${item.name ?? item.sku}: ${item.quantity}`;
