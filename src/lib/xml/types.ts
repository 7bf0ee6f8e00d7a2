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

/** Options of `parseXml`. */
export interface ParseXmlOptions {
  /**
   * Called when an element closes (never for elements a truncated document leaves open).
   * Returning true consumes it: it is removed from the tree, so a caller can map feed items
   * one by one and let the garbage collector take them young, instead of holding the tree.
   */
  onClose?: (el: XmlElement) => boolean;
  /**
   * Local names of elements that only hold other elements (`channel`, `item`, `entry` …):
   * whitespace-only text directly inside them is formatting and is not kept.
   */
  containers?: ReadonlySet<string>;
  /**
   * The input holds UTF-8 bytes one per character (`utf8AsLatin1` in lib/charset): text,
   * attribute values and names are decoded as they are read, everything else stays bytes.
   */
  utf8InLatin1?: boolean;
}
