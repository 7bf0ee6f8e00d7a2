/** An element of the lenient XML tree (`parseXml`). Text children are plain strings. */
export interface XmlElement {
  /** Qualified name as written, e.g. `content:encoded`. */
  readonly name: string;
  /** Local name, lower-cased: feeds vary in case (`pubDate`, `pubdate`, `PUBDATE`). */
  readonly local: string;
  /**
   * Namespace key: the conventional prefix of a known namespace (`atom`, `dc`, `content`,
   * `media`, `itunes`, `rdf`, `rss`, `xhtml` …, see `namespaces.ts`), else the namespace URI,
   * else `''` for none. An undeclared prefix counts as its conventional namespace.
   */
  readonly ns: string;
  /**
   * Attributes as `[name, value, name, value, …]`, values entity-decoded. Unprefixed names are
   * lower-cased; prefixed ones become `nsKey:local` (`xml:base`, `rdf:about`); namespace
   * declarations keep their written name (`xmlns`, `xmlns:dc`).
   */
  readonly attrs: string[];
  readonly children: XmlNode[];
  readonly parent: XmlElement | null;
  /** False when the input ended before this element was closed (a truncated document). */
  closed: boolean;
}

/** A child of an element: an element or a run of decoded text (CDATA included). */
export type XmlNode = XmlElement | string;

/** The result of `parseXml`. */
export interface XmlDocument {
  /** The first top-level element, or null when the document holds none. */
  readonly root: XmlElement | null;
  /** True when the input ended inside an element, tag, comment or CDATA section. */
  readonly truncated: boolean;
}
