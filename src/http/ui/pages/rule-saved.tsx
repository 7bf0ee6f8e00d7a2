import type { Context } from 'hono';
import type { App } from '../../../services/app.ts';
import { undoableChange } from '../../../services/checkpoints/rule-changes.ts';
import { getRule } from '../../../services/checkpoints/rules.ts';
import type { UiEnv } from '../env.ts';
import { Csrf, Notice } from '../layout.tsx';

/**
 * The notice after a save or an undo (the page a POST redirects to): "“Quiet” saved. Applied
 * to 33 held items" with an Undo button while the save can still be undone (`?saved=ID`), or
 * what the undo restored (`?undone=N`). Another user's rule id is a 404, as everywhere.
 */
export async function savedNotice(app: App, c: Context<UiEnv>): Promise<unknown> {
  const t = c.get('t');
  const undone = c.req.query('undone');
  if (undone !== undefined) {
    const count = Number(undone) || 0;
    const key = c.req.query('removed') ? 'rules.undone.removed' : 'rules.undone';
    return <Notice text={t(key, { count })} />;
  }
  const saved = c.req.query('saved');
  if (saved === undefined || !/^[0-9]+$/.test(saved)) return null;
  const userId = c.get('user').id;
  const rule = await getRule(app, userId, Number(saved));
  const change = await undoableChange(app.db.kysely, userId, rule.id);
  if (!change) return null;
  return (
    <div class="notice saved-rule" role="status">
      <span>
        {rule.action === 'breakthrough'
          ? t('rules.applied.breakthrough', { name: rule.name })
          : t('rules.applied', { name: rule.name, count: change.applied })}
      </span>{' '}
      <form method="post" action={`/rules/${rule.id}/undo`} class="inline">
        <Csrf token={c.get('csrf')} />
        <button type="submit" id="rule-undo">
          {t('rules.undo')}
        </button>
      </form>
    </div>
  );
}
