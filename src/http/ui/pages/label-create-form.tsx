/** The "label + create" form: intake tokens and own addresses are made with an optional label. */
import type { Child } from 'hono/jsx';
import { Csrf } from '../layout.tsx';

/**
 * A form posting an optional `label` to `action`; `children` go under the field (help text).
 *
 * @example <LabelCreateForm action="/sources/social/tokens" csrf={csrf} id="intake-label" label={t('intake.label')} maxlength={100} placeholder={t('intake.labelPlaceholder')} submit={t('intake.create')} />
 */
export function LabelCreateForm(props: {
  action: string;
  csrf: string;
  id: string;
  label: string;
  maxlength: number;
  placeholder: string;
  submit: string;
  children?: Child;
}) {
  return (
    <form method="post" action={props.action}>
      <Csrf token={props.csrf} />
      <label for={props.id}>{props.label}</label>
      <div class="field-row">
        <input
          type="text"
          id={props.id}
          name="label"
          maxlength={props.maxlength}
          placeholder={props.placeholder}
        />
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
      {props.children}
    </form>
  );
}
