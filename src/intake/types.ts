import type { Attachment, ItemKind } from '../domain/types.ts';

/**
 * One pushed message, decoded from whichever shape the sender speaks (ntfy, Gotify, Pushover,
 * a webhook) before it becomes an ItemDraft. Pure data: the receivers build it, `draft.ts`
 * adapts it.
 */
export interface IntakeMessage {
  /** ntfy topic or webhook name; '' for shapes without one (Gotify, Pushover). */
  channel: string;
  title: string | null;
  /** The message text (plain text unless `html`). */
  message: string;
  /** The message is HTML (Pushover `html=1`); it is sanitised like any other content. */
  html: boolean;
  /** Normalised 1–5 (DESIGN.md "Priority"); null = the sender gave none (stored as 3). */
  priority: number | null;
  tags: string[];
  /** Where a tap on the notification leads. */
  click: string | null;
  /** Who or what sent it (an Android app's name, a webhook's `from`). */
  author: string | null;
  /** When the sender says it happened; null = now. */
  publishedAt: Date | null;
  attachments: Attachment[];
  /** Item kind; pushes are notifications unless a shape says otherwise. */
  kind: ItemKind;
  /** Shape-specific extras kept with the item (ntfy tags, Gotify extras, Android package …). */
  extra: Record<string, unknown>;
}

/** Reads a parameter that may come as a header or a query parameter (ntfy, Gotify). */
export interface ParamSource {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

/** An IntakeMessage with the defaults filled in. */
export function intakeMessage(fields: Partial<IntakeMessage> & { message: string }): IntakeMessage {
  return {
    channel: '',
    title: null,
    html: false,
    priority: null,
    tags: [],
    click: null,
    author: null,
    publishedAt: null,
    attachments: [],
    kind: 'notification',
    extra: {},
    ...fields,
  };
}
