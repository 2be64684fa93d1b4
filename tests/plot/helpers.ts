/** Shared checks for the plot tests. */
import { expect } from 'vitest';
import { type XmlElement, findAll, parseXml } from './xml.js';

/** Parses an SVG chart and checks what every chart must have: no NaN, a viewBox, a title. */
export function parseSvg(svg: string): XmlElement {
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  expect(root.attrs.viewBox).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
  expect(root.attrs.role).toBe('img');
  expect(root.attrs['aria-label']).toBeTruthy();
  expect(findAll(root, 'title').length).toBeGreaterThan(0);
  return root;
}

/** A number attribute of an element. */
export function num(el: XmlElement | undefined, attr: string): number {
  const v = el?.attrs[attr];
  if (v === undefined) throw new Error(`missing attribute ${attr}`);
  return Number(v);
}

/** The plot frame read from the two axis lines. */
export function frame(root: XmlElement): { left: number; right: number; top: number; bottom: number } {
  const y = findAll(root, 'g').find((g) => g.attrs.class === 'axis-y');
  const x = findAll(root, 'g').find((g) => g.attrs.class === 'axis-x');
  const yLine = y && findAll(y, 'line', 'axis')[0];
  const xLine = x && findAll(x, 'line', 'axis')[0];
  return { left: num(xLine, 'x1'), right: num(xLine, 'x2'), top: num(yLine, 'y1'), bottom: num(yLine, 'y2') };
}

/** The y tick labels as decade exponents (for `10^k` labels) with their pixel y. */
export function decadeTicks(root: XmlElement): { k: number; y: number }[] {
  const g = findAll(root, 'g').find((el) => el.attrs.class === 'axis-y');
  if (g === undefined) throw new Error('no y axis');
  return findAll(g, 'text', 'tick-label').map((t) => {
    const sup = findAll(t, 'tspan')[0];
    const first = t.children[0];
    expect(first).toBe('10');
    const k = typeof sup?.children[0] === 'string' ? Number(sup.children[0].replace('−', '-')) : NaN;
    return { k, y: num(t, 'y') };
  });
}
