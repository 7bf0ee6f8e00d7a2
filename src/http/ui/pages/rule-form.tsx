import { RULE_ACTIONS, RULE_FIELDS, RULE_OPS } from '../../../domain/rules.ts';
import type { HeldMatch } from '../../../services/checkpoints/rule-changes.ts';
import type { UserChannel } from '../../../services/checkpoints/user-channels.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { Csrf } from '../layout.tsx';
import {
  type ConditionState,
  MAX_CONDITIONS,
  NEW_NTFY,
  type RuleFormState,
} from './rule-form-state.ts';

/** Condition row `i` (its inputs keep their number, so rows can be removed in place). */
function ConditionRow(props: { t: Translate; i: number; c: ConditionState; removable: boolean }) {
  const { t, i, c } = props;
  return (
    <div class="condition" data-condition>
      {i > 0 ? <p class="and">{t('rules.and')}</p> : null}
      <div class="row">
        <div>
          <label for={`field${i}`} class="small">
            {t('rules.field')}
          </label>
          <select id={`field${i}`} name={`field${i}`}>
            {RULE_FIELDS.map((f) => (
              <option value={f} selected={c.field === f}>
                {t(`rules.field.${f}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={`op${i}`} class="small">
            {t('rules.op')}
          </label>
          <select id={`op${i}`} name={`op${i}`}>
            {RULE_OPS.map((o) => (
              <option value={o} selected={c.op === o}>
                {t(`rules.op.${o}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={`value${i}`} class="small">
            {t('rules.value')}
          </label>
          <input type="text" id={`value${i}`} name={`value${i}`} value={c.value} />
        </div>
        <div class="shrink" hidden={!props.removable}>
          <button
            type="submit"
            name="intent"
            value={`remove:${i}`}
            formnovalidate
            data-remove-condition
            aria-label={t('rules.removeConditionLabel', { n: i + 1 })}
          >
            {t('rules.removeCondition')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The label of one of the user's channels in the "Deliver by" list. */
function channelLabel(t: Translate, c: UserChannel): string {
  const plain = c.token.replace(/^(ntfy|email):/, '');
  if (c.origin === 'schedule') return t('rules.channel.schedule', { channel: c.token });
  if (c.origin === 'webpush') return t('rules.channel.webpush');
  if (c.origin === 'email') return t('rules.channel.email', { address: plain });
  return t('rules.channel.rule', { url: plain });
}

/** Where a breakthrough goes: one of the user's channels, or a new ntfy topic, named once. */
function DeliverFields(props: { t: Translate; s: RuleFormState; channels: UserChannel[] }) {
  const { t, s } = props;
  const known = props.channels.some((c) => c.token === s.deliver);
  const current = s.deliver && s.deliver !== NEW_NTFY && !known ? s.deliver : null;
  return (
    <div data-show-for="breakthrough">
      <div class="row">
        <div>
          <label for="deliver" class="small">
            {t('rules.deliver')}
          </label>
          <select id="deliver" name="deliver" aria-describedby="deliver-help">
            <option value="" selected={s.deliver === ''}>
              {t('rules.deliver.notices')}
            </option>
            {props.channels.map((c) => (
              <option value={c.token} selected={c.token === s.deliver}>
                {channelLabel(t, c)}
              </option>
            ))}
            {current ? (
              <option value={current} selected>
                {current}
              </option>
            ) : null}
            <option value={NEW_NTFY} selected={s.deliver === NEW_NTFY}>
              {t('rules.deliver.newNtfy')}
            </option>
          </select>
        </div>
        <div data-show-for-deliver={NEW_NTFY}>
          <label for="ntfyUrl" class="small">
            {t('rules.deliver.ntfyUrl')}
          </label>
          <input
            type="url"
            id="ntfyUrl"
            name="ntfyUrl"
            value={s.ntfyUrl}
            placeholder="https://ntfy.sh/…"
          />
        </div>
        <div>
          <label for="perHour" class="small">
            {t('rules.perHour')}
          </label>
          <input type="number" id="perHour" name="perHour" min="1" max="1000" value={s.perHour} />
        </div>
      </div>
      <p class="help" id="deliver-help">
        {t('rules.deliver.default')}
      </p>
    </div>
  );
}

/** The action with its amount or tag, and where a breakthrough goes. */
function ActionFields(props: { t: Translate; s: RuleFormState; channels: UserChannel[] }) {
  const { t, s } = props;
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
              <option value={a} selected={s.action === a}>
                {t(`rules.action.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div data-show-for="boost lower">
          <label for="amount" class="small">
            {t('rules.amount')}
          </label>
          <input type="number" id="amount" name="amount" min="0" max="1000" value={s.amount} />
        </div>
        <div data-show-for="tag">
          <label for="tag" class="small">
            {t('rules.tag')}
          </label>
          <input type="text" id="tag" name="tag" maxlength={100} value={s.tag} />
        </div>
      </div>
      <DeliverFields t={t} s={s} channels={props.channels} />
    </>
  );
}

/** What saving would do to the held items: their count and newest titles. */
export function HeldPreview(props: { t: Translate; action: string; held: HeldMatch | null }) {
  const { t, held } = props;
  if (props.action === 'breakthrough')
    return (
      <div id="rule-preview-held">
        <p class="help">{t('rules.held.breakthrough')}</p>
      </div>
    );
  if (!held) return <div id="rule-preview-held" />;
  return (
    <div id="rule-preview-held">
      <p class="help">
        {held.count === 0 ? t('rules.held.none') : t('rules.held', { count: held.count })}
      </p>
      {held.examples.length > 0 ? (
        <ul class="preview-titles">
          {held.examples.map((e) => (
            <li>{e.title ?? t('rules.held.untitled')}</li>
          ))}
          {held.count > held.examples.length ? (
            <li class="more">
              {t('rules.held.more', { count: held.count - held.examples.length })}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

/** Props of the rule form: where it posts, what it holds, and the preview made on request. */
export interface RuleFormProps {
  t: Translate;
  csrf: string;
  action: string;
  state: RuleFormState;
  channels: UserChannel[];
  editing: boolean;
  previewText?: string | undefined;
  held?: HeldMatch | null | undefined;
}

/**
 * The form of a new or edited rule. Without the script its buttons post back (add or remove
 * a condition, preview); the client script does the same in place.
 */
export function RuleForm(props: RuleFormProps) {
  const { t, state: s } = props;
  return (
    <form method="post" action={props.action} class="card rule-form">
      <Csrf token={props.csrf} />
      {/* The first submit button is the one Enter presses: saving, not adding a condition. */}
      <button type="submit" name="intent" value="save" class="visually-hidden" tabindex={-1}>
        {t('rules.save')}
      </button>
      <h2>{props.editing ? t('rules.editTitle') : t('rules.new')}</h2>
      <input type="hidden" name="enabled" value={s.enabled ? '1' : '0'} />
      <label for="name">{t('rules.name')}</label>
      <input type="text" id="name" name="name" required maxlength={200} value={s.name} />
      <h3>{t('rules.when')}</h3>
      <div id="conditions" data-and={t('rules.and')}>
        {s.when.map((c, i) => (
          <ConditionRow t={t} i={i} c={c} removable={s.when.length > 1} />
        ))}
      </div>
      {s.when.length < MAX_CONDITIONS ? (
        <p>
          <button type="submit" name="intent" value="add" formnovalidate id="add-condition">
            {t('rules.addCondition')}
          </button>
        </p>
      ) : null}
      <ActionFields t={t} s={s} channels={props.channels} />
      <p id="rule-preview-result" class="notice" role="status" aria-live="polite">
        {props.previewText ?? ''}
      </p>
      <HeldPreview t={t} action={s.action} held={props.held ?? null} />
      <div class="actions">
        <button type="submit" name="intent" value="preview" id="rule-preview" formnovalidate>
          {t('rules.preview')}
        </button>
        <button type="submit" name="intent" value="save" class="primary">
          {props.editing ? t('rules.saveChanges') : t('rules.save')}
        </button>
        {props.editing ? <a href="/rules">{t('rules.cancel')}</a> : null}
      </div>
    </form>
  );
}
