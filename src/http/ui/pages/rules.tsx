import type { Context, Hono } from 'hono';
import { CheckpointError } from '../../../domain/errors.ts';
import type { App } from '../../../services/app.ts';
import { heldMatches } from '../../../services/checkpoints/rule-changes.ts';
import { parseRule, type RuleInput } from '../../../services/checkpoints/rule-input.ts';
import {
  getRule,
  listRules,
  previewRule,
  type RuleView,
  removeRule,
  saveNewRule,
  saveRuleEdit,
  setRuleEnabled,
  undoRule,
} from '../../../services/checkpoints/rules.ts';
import { userChannels } from '../../../services/checkpoints/user-channels.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { errorText } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { channelWarnings } from './channel-warnings.tsx';
import { HeldPreview, RuleForm, type RuleFormProps } from './rule-form.tsx';
import {
  emptyRuleForm,
  type RuleFormState,
  readRuleForm,
  ruleFormOf,
  ruleOfForm,
} from './rule-form-state.ts';
import { savedNotice } from './rule-saved.tsx';

function describe(rule: RuleView, t: Translate): string {
  const when = rule.when
    .map(
      (w) =>
        // Words are quoted, numbers (a priority) are not: “at least 5”, not “at least “5””.
        `${t(`rules.field.${w.field}` as MessageKey)} ${t(`rules.op.${w.op}` as MessageKey)} ${typeof w.value === 'number' ? w.value : `“${w.value}”`}`,
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

/** One rule of the list, with its buttons. */
function RuleRow({ rule, t, csrf }: { rule: RuleView; t: Translate; csrf: string }) {
  return (
    <li class="item">
      <div class="item-title">{rule.name}</div>
      <p class="item-meta">
        <span>{describe(rule, t)}</span>
        <span>{rule.enabled ? t('rules.enabled') : t('rules.disabled')}</span>
      </p>
      <div class="item-actions">
        <a href={`/rules/${rule.id}/edit`} class="button">
          {t('rules.edit')}
        </a>
        <form method="post" action={`/rules/${rule.id}/toggle`} class="inline">
          <Csrf token={csrf} />
          <button type="submit">{rule.enabled ? t('rules.disable') : t('rules.enable')}</button>
        </form>
        <form method="post" action={`/rules/${rule.id}/remove`} class="inline">
          <Csrf token={csrf} />
          <button type="submit" class="danger">
            {t('common.remove')}
          </button>
        </form>
      </div>
    </li>
  );
}

/** What a page of the rule form shows besides the form: a notice, an error, a preview. */
interface FormExtras {
  notice?: unknown;
  error?: string | null;
  previewText?: string | undefined;
  held?: RuleFormProps['held'];
}

/** The rules page: list and the new-rule form (as typed, when it comes back). */
async function rulesPage(
  app: App,
  c: Context<UiEnv>,
  state: RuleFormState = emptyRuleForm(),
  extras: FormExtras = {},
) {
  const t = c.get('t');
  const user = c.get('user');
  const rules = await listRules(app, user.id);
  return renderPage(
    c,
    { title: t('rules.title'), active: 'rules', status: extras.error ? 422 : 200 },
    <>
      <h1>{t('rules.title')}</h1>
      <p class="lead">{t('rules.intro')}</p>
      {await channelWarnings(c, app)}
      {extras.notice ?? null}
      <Notice text={extras.error ?? null} error />
      {rules.length === 0 ? <p class="empty">{t('rules.empty')}</p> : null}
      <ul class="items">
        {rules.map((rule) => (
          <RuleRow rule={rule} t={t} csrf={c.get('csrf')} />
        ))}
      </ul>
      <RuleForm
        t={t}
        csrf={c.get('csrf')}
        action="/rules"
        state={state}
        channels={await userChannels(app, user)}
        editing={false}
        previewText={extras.previewText}
        held={extras.held}
      />
    </>,
  );
}

/** The edit page of one rule: the same form, filled in. */
async function editPage(
  app: App,
  c: Context<UiEnv>,
  rule: RuleView,
  state: RuleFormState,
  extras: FormExtras = {},
) {
  const t = c.get('t');
  return renderPage(
    c,
    {
      title: `${t('rules.editTitle')}: ${rule.name}`,
      active: 'rules',
      status: extras.error ? 422 : 200,
    },
    <>
      <h1>{rule.name}</h1>
      <Notice text={extras.error ?? null} error />
      <RuleForm
        t={t}
        csrf={c.get('csrf')}
        action={`/rules/${rule.id}/edit`}
        state={state}
        channels={await userChannels(app, c.get('user'))}
        editing
        previewText={extras.previewText}
        held={extras.held}
      />
    </>,
  );
}

/** The preview sentence of the last 7 days (as `rule test` prints it). */
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

/** The preview of the rule in the form: the last 7 days, and the held items saving acts on. */
async function previewOf(app: App, c: Context<UiEnv>, state: RuleFormState) {
  const userId = c.get('user').id;
  // A preview needs no name yet: the rule is not saved.
  const input = { ...ruleOfForm(state), name: state.name || '…' };
  const spec = parseRule(input);
  const preview = await previewRule(app, userId, spec);
  const held = await heldMatches(app.db.kysely, userId, spec);
  return { spec, preview, held, text: previewText(c.get('t'), spec, preview) };
}

type Render = (state: RuleFormState, extras: FormExtras) => Promise<Response>;

/**
 * A post of the rule form: add or remove a condition, preview, or save (`save` gets the rule
 * JSON and answers with the page to redirect to). Every refusal shows the form as it was typed.
 */
async function handleRuleForm(
  app: App,
  c: Context<UiEnv>,
  render: Render,
  save: (input: unknown) => Promise<string>,
): Promise<Response> {
  const { state, intent } = readRuleForm(await c.req.parseBody());
  if (intent.kind === 'add') {
    state.when.push({ field: 'title', op: 'contains', value: '' });
    return await render(state, {});
  }
  if (intent.kind === 'remove') {
    if (state.when.length > 1) state.when.splice(intent.index, 1);
    return await render(state, {});
  }
  try {
    if (intent.kind === 'preview') {
      const { text, held } = await previewOf(app, c, state);
      return await render(state, { previewText: text, held });
    }
    return c.redirect(await save(ruleOfForm(state)), 303);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await render(state, { error: errorText(c.get('t'), error) });
  }
}

/** POST /rules/preview: the preview for the client script (JSON). */
async function previewJson(app: App, c: Context<UiEnv>) {
  const { state } = readRuleForm(await c.req.parseBody());
  try {
    const { text, preview, held, spec } = await previewOf(app, c, state);
    const t = c.get('t');
    return c.json({
      text,
      preview,
      held: { count: held.count, examples: held.examples },
      heldHtml: String(await (<HeldPreview t={t} action={spec.action} held={held} />)),
    });
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return c.json({ error: { code: error.code, message: errorText(c.get('t'), error) } }, 400);
  }
}

/** Rule `:id` of the user (404 for anyone else's), before anything else is read. */
async function ownRule(app: App, c: Context<UiEnv>): Promise<RuleView> {
  return await getRule(app, c.get('user').id, Number(c.req.param('id')));
}

/** `/rules`: list, build and edit with a preview, apply to held items with undo, remove. */
export function rulePages(router: Hono<UiEnv>, app: App): void {
  router.get('/rules', async (c) =>
    rulesPage(app, c, emptyRuleForm(), { notice: await savedNotice(app, c) }),
  );
  router.post('/rules', (c) =>
    handleRuleForm(
      app,
      c,
      (state, extras) => rulesPage(app, c, state, extras),
      async (input) => {
        const saved = await saveNewRule(app, c.get('user').id, input);
        return `/rules?saved=${saved.rule.id}`;
      },
    ),
  );
  router.post('/rules/preview', (c) => previewJson(app, c));
  router.get('/rules/:id{[0-9]+}/edit', async (c) => {
    const rule = await ownRule(app, c);
    return editPage(app, c, rule, ruleFormOf(rule));
  });
  router.post('/rules/:id{[0-9]+}/edit', async (c) => {
    const rule = await ownRule(app, c);
    return handleRuleForm(
      app,
      c,
      (state, extras) => editPage(app, c, rule, state, extras),
      async (input) => {
        await saveRuleEdit(app, c.get('user').id, rule.id, input);
        return `/rules?saved=${rule.id}`;
      },
    );
  });
  router.post('/rules/:id{[0-9]+}/undo', async (c) => {
    const rule = await ownRule(app, c);
    const undone = await undoRule(app, c.get('user').id, rule.id);
    return c.redirect(`/rules?undone=${undone.restored}${undone.removed ? '&removed=1' : ''}`, 303);
  });
  router.post('/rules/:id{[0-9]+}/toggle', async (c) => {
    const rule = await ownRule(app, c);
    await setRuleEnabled(app, c.get('user').id, rule.id, !rule.enabled);
    return c.redirect('/rules', 303);
  });
  router.post('/rules/:id{[0-9]+}/remove', async (c) => {
    await removeRule(app, c.get('user').id, Number(c.req.param('id')));
    return c.redirect('/rules', 303);
  });
}
