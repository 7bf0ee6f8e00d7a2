import type { Name } from './chars.ts';
import { KNOWN_PREFIXES, nsKey } from './namespaces.ts';

/** Bindings an element's declarations replaced, restored when it closes. */
export type Shadowed = [prefix: string, previous: string | undefined][];

/**
 * The prefix → namespace-key bindings in effect while building a tree. One mutable map plus
 * an undo list per element keeps lookups O(1) at any depth.
 */
export class NamespaceScope {
  private readonly map = new Map<string, string>([['xml', 'xml']]);
  /** Bumped on every change, so names can cache what they resolved to. */
  private version = 0;

  /** Applies the `xmlns` / `xmlns:p` attributes among the first `n` names/values; returns what they shadowed. */
  declare(names: readonly Name[], values: readonly string[], n: number): Shadowed | null {
    let shadowed: Shadowed | null = null;
    for (let a = 0; a < n; a++) {
      const { prefix, name } = names[a]!;
      const declared = name === 'xmlns' ? '' : prefix === 'xmlns' ? name.slice(6) : null;
      if (declared === null) continue;
      shadowed ??= [];
      shadowed.push([declared, this.map.get(declared)]);
      this.map.set(declared, nsKey(values[a]!));
      this.version++;
    }
    return shadowed;
  }

  restore(shadowed: Shadowed): void {
    this.version++;
    for (let s = shadowed.length - 1; s >= 0; s--) {
      const [prefix, old] = shadowed[s]!;
      if (old === undefined) this.map.delete(prefix);
      else this.map.set(prefix, old);
    }
  }

  /** The namespace key of a name's prefix, cached on the (interned) name while bindings hold. */
  nsOf(name: Name): string {
    if (name.version !== this.version) {
      name.ns = this.resolve(name.prefix);
      name.version = this.version;
    }
    return name.ns;
  }

  /** The namespace key of a prefix; an undeclared prefix falls back to its conventional meaning. */
  resolve(prefix: string): string {
    const bound = this.map.get(prefix);
    if (bound !== undefined) return bound;
    if (prefix === '') return '';
    const lower = prefix.toLowerCase();
    return KNOWN_PREFIXES.has(lower) ? lower : prefix;
  }

  /** `href`, `xml:base`, `rdf:about` (prefix resolved); declarations keep their written name. */
  attrName(name: Name): string {
    if (name.prefix === '') return name.local;
    if (name.prefix === 'xmlns') return name.name;
    return `${this.nsOf(name)}:${name.local}`;
  }
}
