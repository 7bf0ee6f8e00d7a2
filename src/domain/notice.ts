/** One outbound message: a breakthrough item or a "your checkpoint is ready" notice. */
export interface Notice {
  kind: 'breakthrough' | 'checkpoint';
  title: string;
  body: string;
  /** Where a click should lead (the item, or the checkpoint page). */
  url: string | null;
  /** ntfy scale 1–5. */
  priority: number;
  tags: string[];
}

/** An outgoing e-mail. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Sender; default `Checkpoint <checkpoint@BASE_HOST>`. */
  from?: string;
}
