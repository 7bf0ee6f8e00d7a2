/**
 * ntfy's publish shapes (https://docs.ntfy.sh/publish/): PUT/POST a body to `/<topic>` with
 * Title/Priority/Tags/Click… as headers or query parameters (and their aliases), GET
 * `/<topic>/publish?message=…`, or POST a JSON object `{topic, message, …}` to the root.
 */
import { ValidationError } from '../domain/errors.ts';
import { ntfyPriority } from '../domain/priority.ts';
import { asFields, httpUrl, raw, tagList, text, titleOf } from './fields.ts';
import { type IntakeMessage, intakeMessage, type ParamSource } from './types.ts';

/** ntfy's topic names. */
export const NTFY_TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

/** ntfy's parameter names and aliases, as its server reads them (header first, then query). */
const NAMES = {
  title: ['x-title', 'title', 't'],
  message: ['x-message', 'message', 'm'],
  priority: ['x-priority', 'priority', 'prio', 'p'],
  tags: ['x-tags', 'tags', 'tag', 'ta'],
  click: ['x-click', 'click'],
  attach: ['x-attach', 'attach', 'a'],
  filename: ['x-filename', 'filename', 'file', 'f'],
  icon: ['x-icon', 'icon'],
  markdown: ['x-markdown', 'markdown', 'md'],
} as const;

/** What ntfy shows for a publish without a message. */
const EMPTY_MESSAGE = 'triggered';

/** RFC 9218's `Priority: u=3, i`, which proxies such as Cloudflare add; ntfy ignores it too. */
const HTTP_PRIORITY = /^u=\d(\s*,\s*i)?$/;

function read(params: ParamSource, names: readonly string[]): string | null {
  for (const name of names) {
    const value = params.header(name);
    if (name === 'priority' && value && HTTP_PRIORITY.test(value.trim())) continue;
    if (value !== undefined && value !== '') return value;
  }
  for (const name of names) {
    const value = params.query(name);
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

/** Checks a topic name; 400 otherwise. */
export function checkTopic(topic: string): string {
  if (!NTFY_TOPIC.test(topic)) {
    throw new ValidationError(
      `intake: ntfy topic "${topic.slice(0, 80)}" is invalid (1–64 letters, digits, - or _)`,
    );
  }
  return topic;
}

function priorityOf(value: string | number | null): number | null {
  const p = ntfyPriority(value);
  if (p === undefined) {
    throw new ValidationError(
      'intake: invalid ntfy priority (use 1–5 or min, low, default, high, urgent, max)',
    );
  }
  return p;
}

function extraOf(
  topic: string,
  tags: string[],
  fields: { icon: string | null; markdown: boolean },
): Record<string, unknown> {
  const extra: Record<string, unknown> = { intake: 'ntfy', topic };
  if (tags.length) extra.tags = tags;
  if (fields.icon) extra.icon = fields.icon;
  if (fields.markdown) extra.contentType = 'text/markdown';
  return extra;
}

/**
 * A PUT/POST body or GET publish to `/<topic>`, with its header and query parameters.
 *
 * @example parseNtfyPublish('alerts', 'Disk full', params).priority // from Priority: urgent → 5
 */
export function parseNtfyPublish(topic: string, body: string, params: ParamSource): IntakeMessage {
  checkTopic(topic);
  const fromParam = read(params, NAMES.message)?.replaceAll('\\n', '\n') ?? null;
  const message = fromParam ?? (body.trim() === '' ? EMPTY_MESSAGE : body);
  const tags = tagList(read(params, NAMES.tags) ?? '');
  const attach = httpUrl(read(params, NAMES.attach));
  const contentType = params.header('content-type') ?? '';
  const markdownFlag = read(params, NAMES.markdown);
  const markdown =
    /^text\/markdown/i.test(contentType) || /^(1|true|yes)$/i.test(markdownFlag ?? '');
  return intakeMessage({
    channel: topic,
    title: titleOf(read(params, NAMES.title)),
    message,
    priority: priorityOf(read(params, NAMES.priority)),
    tags,
    click: httpUrl(read(params, NAMES.click)),
    attachments: attach
      ? [{ url: attach, type: null, length: null, title: read(params, NAMES.filename) }]
      : [],
    extra: extraOf(topic, tags, { icon: httpUrl(read(params, NAMES.icon)), markdown }),
  });
}

/** No headers or query parameters (a JSON publish read on its own). */
const NO_PARAMS: ParamSource = { header: () => undefined, query: () => undefined };

/**
 * ntfy's JSON publish: `{topic, message, title, tags, priority, click, attach, filename, icon,
 * markdown}` posted to the root URL. As in ntfy, a field the JSON leaves out is read from the
 * request's headers and query parameters: Apprise's `ntfy://` sends the title and message as
 * JSON but priority, tags and click as `X-Priority`, `X-Tags` and `X-Click` headers.
 *
 * @example parseNtfyJson({ topic: 'alerts', message: 'Disk full', priority: 5 }).channel // 'alerts'
 */
export function parseNtfyJson(value: unknown, params: ParamSource = NO_PARAMS): IntakeMessage {
  const fields = asFields(value, 'ntfy JSON publish');
  const topic = text(fields, 'topic');
  if (!topic) throw new ValidationError('intake: ntfy JSON publish needs a "topic"');
  checkTopic(topic);
  const field = (name: keyof typeof NAMES) => text(fields, name) ?? read(params, NAMES[name]);
  const jsonTags = tagList(fields.tags);
  const tags = jsonTags.length ? jsonTags : tagList(read(params, NAMES.tags) ?? '');
  const attach = httpUrl(field('attach'));
  const markdown =
    fields.markdown === true || /^(1|true|yes)$/i.test(read(params, NAMES.markdown) ?? '');
  return intakeMessage({
    channel: topic,
    title: titleOf(field('title')),
    message:
      text(fields, 'message') ??
      read(params, NAMES.message)?.replaceAll('\\n', '\n') ??
      EMPTY_MESSAGE,
    priority: priorityOf(raw(fields, 'priority') ?? read(params, NAMES.priority)),
    tags,
    click: httpUrl(field('click')),
    attachments: attach
      ? [{ url: attach, type: null, length: null, title: field('filename') }]
      : [],
    extra: extraOf(topic, tags, { icon: httpUrl(field('icon')), markdown }),
  });
}

/**
 * The answer ntfy gives to a publish (its message JSON), so that senders which read it work.
 *
 * @example ntfyAnswer(msg, 'a1b2c3', new Date()).event // 'message'
 */
export function ntfyAnswer(msg: IntakeMessage, id: string, at: Date): Record<string, unknown> {
  const answer: Record<string, unknown> = {
    id,
    time: Math.floor(at.getTime() / 1000),
    event: 'message',
    topic: msg.channel,
    message: msg.message,
  };
  if (msg.title) answer.title = msg.title;
  if (msg.priority !== null && msg.priority !== 3) answer.priority = msg.priority;
  if (msg.tags.length) answer.tags = msg.tags;
  if (msg.click) answer.click = msg.click;
  return answer;
}
