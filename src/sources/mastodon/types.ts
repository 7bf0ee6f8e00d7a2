/**
 * The Mastodon REST API entities Checkpoint reads (docs.joinmastodon.org/entities), as they
 * arrive: every field optional or nullable, because instances and versions differ (the
 * corpus has 2017-era and 4.x payloads).
 */

export interface MastoAccount {
  id: string;
  username?: string | null;
  acct?: string | null;
  display_name?: string | null;
  url?: string | null;
  note?: string | null;
}

export interface MastoMention {
  id: string;
  username?: string | null;
  acct?: string | null;
  url?: string | null;
}

export interface MastoMedia {
  id?: string | null;
  type?: string | null;
  url?: string | null;
  preview_url?: string | null;
  remote_url?: string | null;
  description?: string | null;
}

export interface MastoCard {
  url?: string | null;
  title?: string | null;
  description?: string | null;
  image?: string | null;
}

export interface MastoPoll {
  options?: { title?: string | null; votes_count?: number | null }[] | null;
  expired?: boolean | null;
}

export interface MastoStatus {
  id: string;
  created_at?: string | null;
  in_reply_to_id?: string | null;
  in_reply_to_account_id?: string | null;
  sensitive?: boolean | null;
  spoiler_text?: string | null;
  visibility?: string | null;
  url?: string | null;
  uri?: string | null;
  content?: string | null;
  account?: MastoAccount | null;
  reblog?: MastoStatus | null;
  media_attachments?: MastoMedia[] | null;
  mentions?: MastoMention[] | null;
  tags?: { name?: string | null }[] | null;
  card?: MastoCard | null;
  poll?: MastoPoll | null;
  language?: string | null;
}

export interface MastoNotification {
  id: string;
  type: string;
  created_at?: string | null;
  account?: MastoAccount | null;
  status?: MastoStatus | null;
}

/** The connected account, from verify_credentials. */
export interface MastoSelf {
  id: string;
  acct: string;
  username: string;
  url: string | null;
  displayName: string | null;
}
