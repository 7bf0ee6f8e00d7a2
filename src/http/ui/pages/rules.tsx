import type { Context, Hono } from 'hono';
import { parseChannelToken } from '../../../channels/registry.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import { RULE_ACTIONS, RULE_FIELDS, RULE_OPS } from '../../../domain/rules.ts';
import type { App } from '../../../services/app.ts';
import type { RuleInput } from '../../../services/checkpoints/rule-input.ts';
import {
  addRule,
  listRules,
  previewRule,
  type RuleView,
  removeRule,
  setRuleEnabled,
} from '../../../services/checkpoints/rules.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash } from '../flash.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';

const CONDITIONS = 3;

/** Builds rule JSON from the form (up to three conditions). */
async function ruleFromForm(c: Context<UiEnv>): Promise<unknown> {
  const body = await c.req.parseBody();
  const get = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  const when = [];
  for (let i = 0; i < CONDITIONS; i++) {
    const value = get(`value${i}`);
    if (!value) continue;
    const op = get(`op${i}`);
    when.push({
      field: get(`field${i}`),
      op,
      value:
        op === 'gte' || op === 'lte' || get(`field${i}`) === 'priority' ? Number(value) : value,
    });
  }
  const action = get('action');
  const deliver = get('deliver');
  const rule: Record<string, unknown> = {
    name: get('name'),
    enabled: true,
    when,
    action,
    perHour: Number(get('perHour') || 3),
  };
  if (action === 'boost' || action === 'lower') rule.amount = Number(get('amount') || 10);
  if (action === 'tag') rule.tag = get('tag');
  // The field takes a `--notify` token; the rule schema checks the target it names.
  const target = action === 'breakthrough' ? parseChannelToken(deliver) : null;
  if (target) rule.deliver = target;
  return rule;
}

function describe(rule: RuleView, t: Translate): string {
  const when = rule.when
    .map(
      (w) =>
        `${t(`rules.field.${w.field}` as MessageKey)} ${t(`rules.op.${w.op}` as MessageKey)} “${w.value}”`,
    )
    .join(' + ');
  const action = t(`rules.action.${rule.action}` as MessageKey);
  const extra =
    rule.action === 'tag'
      ? ` “${rule.tag}”`
      : rule.action === 'boost' || rule.action === 'lower'
        ? ` (${rule.amount ?? 10})`
        : '';
  return `${when} → ${action}${extra}`;
}

/** Condition `i` of the form (the first one is required). */
function ConditionRow({ t, i }: { t: Translate; i: number }) {
  return (
    <>
      {i > 0 ? <p class="and">{t('rules.and')}</p> : null}
      <div class="row condition">
        <div>
          <label for={`field${i}`} class={i === 0 ? 'small' : 'visually-hidden'}>
            {t('rules.field')}
          </label>
          <select id={`field${i}`} name={`field${i}`}>
            {RULE_FIELDS.map((f) => (
              <option value={f}>{t(`rules.field.${f}` as MessageKey)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for={`op${i}`} class={i === 0 ? 'small' : 'visually-hidden'}>
            {t('rules.op')}
          </label>
          <select id={`op${i}`} name={`op${i}`}>
            {RULE_OPS.map((o) => (
              <option value={o}>{t(`rules.op.${o}` as MessageKey)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for={`value${i}`} class={i === 0 ? 'small' : 'visually-hidden'}>
            {t('rules.value')}
          </label>
          <input type="text" id={`value${i}`} name={`value${i}`} required={i === 0} />
        </div>
      </div>
    </>
  );
}

/** The action with its amount or tag, and where a breakthrough goes (a `--notify` token). */
function ActionFields({ t }: { t: Translate }) {
  return (
    <>
      <h3>{t('rules.action')}</h3>
      <div class="row">
        <div>
          <label for="action" class="small">
            {t('rules.actionLabel')}
          </label>
          <select id="action" name="action">
            {RULE_ACTIONS.map((a) => (
              <option value={a}>{t(`rules.action.${a}` as MessageKey)}</option>
            ))}
          </select>
        </div>
        <div data-show-for="boost lower">
          <label for="amount" class="small">
            {t('rules.amount')}
          </label>
          <input type="number" id="amount" name="amount" min="0" max="1000" value="10" />
        </div>
        <div data-show-for="tag">
          <label for="tag" class="small">
            {t('rules.tag')}
          </label>
          <input type="text" id="tag" name="tag" maxlength={100} />
        </div>
      </div>
      <div class="row" data-show-for="breakthrough">
        <div>
          <label for="deliver" class="small">
            {t('rules.deliver')}
          </label>
          <input
            type="text"
            id="deliver"
            name="deliver"
            placeholder="ntfy:https://… / email:… / webpush"
            aria-describedby="deliver-help"
          />
        </div>
        <div>
          <label for="perHour" class="small">
            {t('rules.perHour')}
          </label>
          <input type="number" id="perHour" name="perHour" min="1" max="1000" value="3" />
        </div>
        <p class="help" id="deliver-help">
          {t('rules.deliver.default')}
        </p>
      </div>
    </>
  );
}

/** The form of a new rule, with its preview button. */
function RuleForm({ t, csrf }: { t: Translate; csrf: string }) {
  return (
    <form method="post" action="/rules" class="card">
      <Csrf token={csrf} />
      <h2>{t('rules.new')}</h2>
      <label for="name">{t('rules.name')}</label>
      <input type="text" id="name" name="name" required maxlength={200} />
      <h3>{t('rules.when')}</h3>
      {Array.from({ length: CONDITIONS }, (_, i) => (
        <ConditionRow t={t} i={i} />
      ))}
      <ActionFields t={t} />
      <p id="rule-preview-result" class="notice" role="status" aria-live="polite" />
      <div class="actions">
        <button type="button" id="rule-preview">
          {t('rules.preview')}
        </button>
        <button type="submit" class="primary">
          {t('rules.save')}
        </button>
      </div>
    </form>
  );
}

function previewText(
  t: Translate,
  rule: RuleInput,
  preview: Awaited<ReturnType<typeof previewRule>>,
): string {
  const base = t('rules.previewResult', { days: preview.days, count: preview.matched });
  return rule.action === 'breakthrough'
    ? `${base} ${t('rules.previewBreakthrough', { count: preview.brokeThrough, held: preview.heldByCap })}`
    : base;
}

/** The rules page, with a notice or an error above the list. */
async function rulesPage(
  app: App,
  c: Context<UiEnv>,
  notice: string | null = null,
  error: string | null = null,
) {
  const t = c.get('t');
  const rules = await listRules(app, c.get('user').id);
  return renderPage(
    c,
    { title: t('rules.title'), active: 'rules', status: error ? 422 : 200 },
    <>
      <h1>{t('rules.title')}</h1>
      <p class="lead">{t('rules.intro')}</p>
      <Notice text={notice} />
      <Notice text={error} error />
      {rules.length === 0 ? <p class="empty">{t('rules.empty')}</p> : null}
      <ul class="items">
        {rules.map((rule) => (
          <li class="item">
            <div class="item-title">{rule.name}</div>
            <p class="item-meta">
              <span>{describe(rule, t)}</span>
              <span>{rule.enabled ? t('rules.enabled') : t('rules.disabled')}</span>
            </p>
            <div class="item-actions">
              <form method="post" action={`/rules/${rule.id}/toggle`} class="inline">
                <Csrf token={c.get('csrf')} />
                <button type="submit">
                  {rule.enabled ? t('rules.disable') : t('rules.enable')}
                </button>
              </form>
              <form method="post" action={`/rules/${rule.id}/remove`} class="inline">
                <Csrf token={c.get('csrf')} />
                <button type="submit" class="danger">
                  {t('common.remove')}
                </button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      <RuleForm t={t} csrf={c.get('csrf')} />
    </>,
  );
}

/** POST /rules: adds the rule and says what it would have matched. */
async function addRuleFromForm(app: App, c: Context<UiEnv>) {
  const t = c.get('t');
  const input = await ruleFromForm(c);
  try {
    const preview = await previewRule(app, c.get('user').id, input);
    const rule = await addRule(app, c.get('user').id, input);
    return redirectWithFlash(c, '/rules', {
      notice: `${rule.name}: ${previewText(t, rule, preview)}`,
    });
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await rulesPage(app, c, null, errorText(c.get('t'), error));
  }
}

/** POST /rules/preview: what the rule in the form would have matched (JSON for the page). */
async function previewRuleFromForm(app: App, c: Context<UiEnv>) {
  const input = await ruleFromForm(c);
  try {
    const preview = await previewRule(app, c.get('user').id, input);
    return c.json({ text: previewText(c.get('t'), input as RuleInput, preview), preview });
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return c.json({ error: { code: error.code, message: errorText(c.get('t'), error) } }, 400);
  }
}

/** POST /rules/:id/toggle: enables a disabled rule, disables an enabled one. */
async function toggleRule(app: App, c: Context<UiEnv>) {
  const user = c.get('user');
  const id = Number(c.req.param('id'));
  const rule = (await listRules(app, user.id)).find((r) => r.id === id);
  await setRuleEnabled(app, user.id, id, !(rule?.enabled ?? true));
  return c.redirect('/rules', 303);
}

/** `/rules`: list, build with a preview of the last 7 days, enable/disable, remove. */
export function rulePages(router: Hono<UiEnv>, app: App): void {
  router.get('/rules', (c) => rulesPage(app, c));
  router.post('/rules', (c) => addRuleFromForm(app, c));
  router.post('/rules/preview', (c) => previewRuleFromForm(app, c));
  router.post('/rules/:id{[0-9]+}/toggle', (c) => toggleRule(app, c));
  router.post('/rules/:id{[0-9]+}/remove', async (c) => {
    await removeRule(app, c.get('user').id, Number(c.req.param('id')));
    return c.redirect('/rules', 303);
  });
}
