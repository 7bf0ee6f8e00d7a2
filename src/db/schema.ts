import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely table types. Conventions that hold on both SQLite and PostgreSQL:
 * times are epoch milliseconds (`bigint`), booleans are 0/1 integers, JSON is text.
 */
type Millis = number;
type Flag = 0 | 1;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: Defaulted<'admin' | 'member'>;
  tz: Defaulted<string>;
  locale: Defaulted<string>;
  password_hash: string | null;
  created_at: Millis;
  /** JSON: user preferences that have no column of their own. */
  settings: Defaulted<string>;
}

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  csrf_token: string;
  created_at: Millis;
  expires_at: Millis;
  last_seen_at: Millis;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string | null;
  token_hash: string;
  created_at: Millis;
  last_used_at: Millis | null;
}

export interface CategoriesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
}

export interface SourcesTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  name: string;
  /** The URL we fetch (feeds), or the account/instance URL; null for intake kinds. */
  url: string | null;
  site_url: string | null;
  category_id: number | null;
  /** JSON: kind-specific settings; secrets inside are encrypted (see lib/crypto). */
  config: Defaulted<string>;
  /** JSON: fetch state — etag, last-modified, cursors, uidvalidity … */
  state: Defaulted<string>;
  enabled: Defaulted<Flag>;
  interval_minutes: Defaulted<number>;
  next_check_at: Defaulted<Millis>;
  last_checked_at: Millis | null;
  last_success_at: Millis | null;
  /** Fetching is held back until then (Retry-After, backoff). */
  retry_after: Millis | null;
  error_count: Defaulted<number>;
  last_error: string | null;
  disabled_reason: string | null;
  cadence: Defaulted<string>;
  weight: Defaulted<number>;
  /** Null = the kind's default (DESIGN.md "would-push defaults"). */
  would_push: Flag | null;
  lease_owner: string | null;
  lease_until: Millis | null;
  created_at: Millis;
  /** The last fetch stored what it brought but has something to say (a refused move). */
  last_warning: string | null;
}

export interface ItemsTable {
  id: Generated<number>;
  user_id: number;
  source_id: number;
  external_id: string;
  kind: string;
  url: string | null;
  canonical_url: string | null;
  title: string | null;
  author: string | null;
  content_html: string | null;
  summary: string | null;
  published_at: Millis;
  /** True when the source gave no date and published_at is the first-seen time. */
  published_guessed: Defaulted<Flag>;
  received_at: Millis;
  would_push: Defaulted<Flag>;
  priority: Defaulted<number>;
  cluster_id: number | null;
  /** Hash of the raw draft: unchanged items are skipped before any sanitising. */
  hash: string;
  read_at: Millis | null;
  starred_at: Millis | null;
  dismissed_at: Millis | null;
  seen_checkpoint_id: number | null;
  /** JSON: attachments and kind-specific extras. */
  extra: Defaulted<string>;
  /** Sorted distinct words of the title, for near-duplicate clustering; null when too short. */
  title_key: string | null;
  reading_seconds: Defaulted<number>;
  /** The bulk dismissal ("start fresh", "older than …") that dismissed it, for its undo. */
  dismiss_batch_id: Defaulted<number | null>;
}

export interface SchedulesTable {
  id: Generated<number>;
  user_id: number;
  /** JSON: { mon: ["08:00", …], …, sun: […] } in the user's time zone (users.tz). */
  times: string;
  budget_minutes: Defaulted<number>;
  per_source_limit: Defaulted<number>;
  /** JSON: the one-per-checkpoint notice channels { ntfy?: url, email?: address, webpush?: true }. */
  notify: Defaulted<string>;
  show_waiting: Defaulted<Flag>;
  /** The latest due time already handled (built or skipped). */
  last_due_at: Millis | null;
  updated_at: Millis;
}

export interface CheckpointsTable {
  id: Generated<number>;
  user_id: number;
  due_at: Millis;
  built_at: Millis | null;
  opened_at: Millis | null;
  done_at: Millis | null;
  budget_minutes: number;
  total_seconds: Defaulted<number>;
  item_count: Defaulted<number>;
  later_count: Defaulted<number>;
  /** JSON: [{ sourceId, sourceName, count }] — "+12 more from X" groups. */
  overflow: Defaulted<string>;
}

export interface CheckpointItemsTable {
  checkpoint_id: number;
  item_id: number;
  user_id: number;
  rank: number;
  score: number;
  seconds: number;
  /** JSON: ScorePart[] — why the item is here. */
  parts: string;
}

export interface ClustersTable {
  id: Generated<number>;
  user_id: number;
  representative_id: number;
  size: Defaulted<number>;
  created_at: Millis;
}

export interface RulesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  enabled: Defaulted<Flag>;
  /** JSON: the rule as given (DESIGN.md "Rules"). */
  spec: string;
  created_at: Millis;
  updated_at: Millis;
}

/** One save of a rule and what it changed of the held items (migration 008). */
export interface RuleChangesTable {
  id: Generated<number>;
  user_id: number;
  rule_id: number;
  /** JSON of the rule before the save; null when the save made the rule. */
  previous_spec: string | null;
  previous_enabled: Flag | null;
  /** How many held items the saved rule matched. */
  applied: Defaulted<number>;
  created_at: Millis;
  undone_at: Millis | null;
}

/** One held item a rule save changed: `dismissed` (mute) or `tagged` (with its tag). */
export interface RuleChangeItemsTable {
  change_id: number;
  item_id: number;
  effect: 'dismissed' | 'tagged';
  tag: string | null;
  at: Millis;
}

export interface ItemTagsTable {
  item_id: number;
  user_id: number;
  tag: string;
}

export interface LedgerEventsTable {
  id: Generated<number>;
  user_id: number;
  at: Millis;
  type: string;
  item_id: number | null;
  checkpoint_id: number | null;
  rule_id: number | null;
  count: Defaulted<number>;
  data: Defaulted<string>;
}

export interface PushSubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: Millis;
}

export interface FeedTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  token_enc: string;
  created_at: Millis;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface MailAddressesTable {
  id: Generated<number>;
  user_id: number;
  /** Lower-case local part; the address is `<local_part>@<CHECKPOINT_MAIL_DOMAIN>`. */
  local_part: string;
  label: string | null;
  /** The smtp source its mail goes into. */
  source_id: number;
  created_at: Millis;
}

export interface UnsubscribesTable {
  id: Generated<number>;
  user_id: number;
  source_id: number | null;
  item_id: number | null;
  /** The sender's address (lower-case), as grouped on the senders page. */
  sender: string;
  /** `one-click` (RFC 8058 POST), `https` (a page to open) or `mailto`. */
  method: string;
  target: string;
  /** `done`, `failed` or `offered` (a link the user has to open or a mail to send). */
  status: string;
  http_status: number | null;
  detail: string | null;
  created_at: Millis;
}

export interface IntakeTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string | null;
  token_hash: string;
  /** The first characters of the token, to tell tokens apart in lists. */
  hint: string;
  created_at: Millis;
  last_used_at: Millis | null;
}

export interface MastodonAppsTable {
  id: Generated<number>;
  instance_url: string;
  redirect_uri: string;
  client_id: string;
  client_secret_enc: string;
  created_at: Millis;
}

export interface OauthStatesTable {
  id: Generated<number>;
  user_id: number;
  state_hash: string;
  provider: string;
  instance_url: string;
  redirect_uri: string;
  created_at: Millis;
}

/** The last delivery outcome per user and channel (`channel_key` as the channel's `key`). */
export interface ChannelOutcomesTable {
  id: Generated<number>;
  user_id: number;
  channel_key: string;
  ok: Flag;
  error: string | null;
  at: Millis;
}

export interface InvitesTable {
  id: Generated<number>;
  created_by: number;
  token_hash: string;
  role: Defaulted<'admin' | 'member'>;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
  used_by: number | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  /** "ip:<address>" or "email:<address>". */
  key: string;
  at: Millis;
}

/** One refresh of a pulled source (its page's fetch history); the last 50 per source are kept. */
export interface FetchRunsTable {
  id: Generated<number>;
  source_id: number;
  started_at: Millis;
  duration_ms: number;
  /** The refresh's status: ok, not_modified, error, gone, retry_later. */
  outcome: string;
  new_items: Defaulted<number>;
  http_status: number | null;
  error: string | null;
}

/** SQLite only: the contentless FTS5 index of item text (rowid = items.id). */
export interface ItemsFtsTable {
  rowid: number;
  title: string;
  body: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  sources: SourcesTable;
  items: ItemsTable;
  schedules: SchedulesTable;
  checkpoints: CheckpointsTable;
  checkpoint_items: CheckpointItemsTable;
  clusters: ClustersTable;
  rules: RulesTable;
  item_tags: ItemTagsTable;
  ledger_events: LedgerEventsTable;
  push_subscriptions: PushSubscriptionsTable;
  feed_tokens: FeedTokensTable;
  app_settings: AppSettingsTable;
  invites: InvitesTable;
  login_attempts: LoginAttemptsTable;
  items_fts: ItemsFtsTable;
  mail_addresses: MailAddressesTable;
  unsubscribes: UnsubscribesTable;
  intake_tokens: IntakeTokensTable;
  mastodon_apps: MastodonAppsTable;
  oauth_states: OauthStatesTable;
  rule_changes: RuleChangesTable;
  rule_change_items: RuleChangeItemsTable;
  dismiss_batches: DismissBatchesTable;
  fetch_runs: FetchRunsTable;
  channel_outcomes: ChannelOutcomesTable;
}

/** A bulk dismissal of held items (services/checkpoints/later.ts), undone as one. */
export interface DismissBatchesTable {
  id: Generated<number>;
  user_id: number;
  /** `older` (dismiss all older than a date) or `fresh` (start fresh). */
  kind: string;
  item_count: Defaulted<number>;
  created_at: Millis;
}

export type UserRow = Selectable<UsersTable>;
export type SourceRow = Selectable<SourcesTable>;
export type NewSource = Insertable<SourcesTable>;
export type SourceUpdate = Updateable<SourcesTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type CheckpointRow = Selectable<CheckpointsTable>;
export type RuleRow = Selectable<RulesTable>;
export type RuleChangeRow = Selectable<RuleChangesTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type MailAddressRow = Selectable<MailAddressesTable>;
export type UnsubscribeRow = Selectable<UnsubscribesTable>;
export type FetchRunRow = Selectable<FetchRunsTable>;
export type NewFetchRun = Insertable<FetchRunsTable>;
