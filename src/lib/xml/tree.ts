import { escapeAttr, escapeText } from '../escape-html.ts';
import type { XmlElement, XmlNode } from './types.ts';

/** HTML elements serialised without an end tag. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * An attribute value by its normalised name (`href`, `xml:base`, `rdf:about`), or null.
 *
 * @example attr(el, 'href')
 */
export function attr(el: XmlElement, name: string): string | null {
  const { attrs } = el;
  for (let i = 0; i < attrs.length; i += 2) {
    if (attrs[i] === name) return attrs[i + 1]!;
  }
  return null;
}

/** The element children of `el`, in order. */
export function elements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const n of el.children) if (typeof n !== 'string') out.push(n);
  return out;
}

/** The first child element with this local name in one of `ns` (namespace keys), or null. */
export function child(el: XmlElement, local: string, ns: readonly string[]): XmlElement | null {
  for (const n of el.children) {
    if (typeof n !== 'string' && n.local === local && ns.includes(n.ns)) return n;
  }
  return null;
}

/** True when `el` holds at least one element (mixed or "naked" markup). */
export function hasElements(el: XmlElement): boolean {
  for (const n of el.children) if (typeof n !== 'string') return true;
  return false;
}

/**
 * The text content of `el` and its descendants, concatenated (like DOM `textContent`).
 *
 * @example textOf(parseXml('<t>a<b>b</b>c</t>').root!) // 'abc'
 */
export function textOf(el: XmlElement): string {
  const { children } = el;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let out = '';
  for (const n of children) out += typeof n === 'string' ? n : textOf(n);
  return out;
}

/**
 * The children of `el` serialised as HTML: text escaped, XHTML elements by local name, other
 * elements by their written name; namespace declarations are dropped.
 *
 * @example innerXml(parseXml('<d>Example <b>Atom</b></d>').root!) // 'Example <b>Atom</b>'
 */
export function innerXml(el: XmlElement): string {
  let out = '';
  for (const n of el.children) out += serialize(n);
  return out;
}

function serialize(n: XmlNode): string {
  if (typeof n === 'string') return escapeText(n);
  const tag = n.ns === 'xhtml' ? n.local : n.name;
  let out = `<${tag}`;
  const { attrs } = n;
  for (let i = 0; i < attrs.length; i += 2) {
    const name = attrs[i]!;
    // Namespace declarations, and attributes of namespaces we only know by URI, are dropped.
    if (name === 'xmlns' || name.startsWith('xmlns:') || name.includes('/')) continue;
    out += ` ${name}="${escapeAttr(attrs[i + 1]!)}"`;
  }
  if (n.children.length === 0 && VOID.has(n.local)) return `${out}>`;
  return `${out}>${innerXml(n)}</${tag}>`;
}
