import { describe, expect, it } from 'vitest';
import { findAll, parseXml, subpaths, textOf } from './xml.js';

describe('the test XML checker', () => {
  it('parses nested elements, attributes and entities', () => {
    const root = parseXml('<svg a="1" b=\'x &amp; y\'><g><text>a &lt; b &#8722; &#x41;</text></g><rect/></svg>');
    expect(root.name).toBe('svg');
    expect(root.attrs).toEqual({ a: '1', b: 'x & y' });
    expect(textOf(findAll(root, 'text')[0]!)).toBe('a < b − A');
    expect(findAll(root, 'rect')).toHaveLength(1);
  });

  it('accepts a doctype and an XML declaration before the root', () => {
    expect(parseXml('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><p/></html>').name).toBe('html');
  });

  it.each([
    ['an unclosed tag', '<svg><g></svg>'],
    ['a stray closing tag', '<svg></g></svg>'],
    ['a raw < in text', '<svg>a < b</svg>'],
    ['a raw & in text', '<svg>a & b</svg>'],
    ['an unknown entity', '<svg>&nbsp;</svg>'],
    ['an unquoted attribute', '<svg a=1></svg>'],
    ['a duplicate attribute', '<svg a="1" a="2"></svg>'],
    ['a raw < in an attribute', '<svg a="<"></svg>'],
    ['two roots', '<svg></svg><svg></svg>'],
  ])('rejects %s', (_, src) => {
    expect(() => parseXml(src)).toThrow(/not well-formed/);
  });

  it('splits path data into subpaths of points', () => {
    expect(subpaths('M1,2L3,4M5,6a2.5,2.5 0 1,0 5,0')).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [[5, 6]],
    ]);
  });
});
