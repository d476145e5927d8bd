// Shapes and their areas: a TypeScript sample for the code panel.
export type Shape =
  | { kind: 'circle'; radius: number }
  | { kind: 'rect'; width: number; height: number }
  | { kind: 'polygon'; points: Array<[number, number]> };

export function area(shape: Shape): number {
  switch (shape.kind) {
    case 'circle':
      return Math.PI * shape.radius ** 2;
    case 'rect':
      return shape.width * shape.height;
    case 'polygon': {
      let sum = 0;
      for (let i = 0; i < shape.points.length; i++) {
        const [x1, y1] = shape.points[i];
        const [x2, y2] = shape.points[(i + 1) % shape.points.length];
        sum += x1 * y2 - x2 * y1;
      }
      return Math.abs(sum) / 2;
    }
  }
}

export function largest(shapes: readonly Shape[]): Shape | undefined {
  let best: Shape | undefined;
  for (const shape of shapes) {
    if (!best || area(shape) > area(best)) best = shape;
  }
  return best;
}
