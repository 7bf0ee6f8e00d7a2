import { otherSources } from '../../domain/ranking.ts';
import type { DigestItem } from '../../services/checkpoints/checkpoints.ts';
import { formatPoints, reasonText, type Translate } from './i18n/index.ts';
import { Csrf } from './layout.tsx';

/** What an item card needs; digest items carry score parts and "also from". */
export type CardItem = Pick<
  DigestItem,
  'id' | 'title' | 'url' | 'author' | 'publishedAt' | 'starred' | 'dismissed' | 'read' | 'kind'
> & {
  sourceName: string;
  summary?: string | null;
  readingSeconds?: number;
  parts?: DigestItem['parts'];
  score?: number;
  alsoFrom?: DigestItem['alsoFrom'];
};

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

/** "Also from A, B" under an item whose story came through other sources too. */
function AlsoFrom(props: { t: Translate; own: string; alsoFrom: DigestItem['alsoFrom'] }) {
  const others = otherSources(props.own, props.alsoFrom);
  return others.length ? (
    <p class="more">{props.t('item.alsoFrom', { sources: others.join(', ') })}</p>
  ) : null;
}

/** A toggle (star, dismiss, read) as a form that works without the script. */
export function StateButton(props: {
  id: number;
  flag: 'starred' | 'dismissed' | 'read';
  on: boolean;
  csrf: string;
  t: Translate;
}) {
  const { t } = props;
  const labels = {
    starred: [t('item.star'), t('item.unstar')],
    dismissed: [t('item.dismiss'), t('item.undismiss')],
    read: [t('item.read'), t('item.unread')],
  }[props.flag];
  const action =
    props.flag === 'starred' ? 'star' : props.flag === 'dismissed' ? 'dismiss' : 'read';
  return (
    <form method="post" action={`/items/${props.id}/${props.flag}`} data-async class="inline">
      <Csrf token={props.csrf} />
      <input type="hidden" name="value" value={props.on ? '0' : '1'} />
      <button
        type="submit"
        data-action={action}
        aria-pressed={String(props.on)}
        data-off={labels[0]}
        data-on={labels[1]}
      >
        {props.on ? labels[1] : labels[0]}
      </button>
    </form>
  );
}

/**
 * One item in a list: title (opens the reading view), meta, summary, actions, "why". Inside a
 * digest group the source is the group's heading, so `hideSource` leaves it out of the meta.
 */
export function ItemCard(props: {
  item: CardItem;
  t: Translate;
  csrf: string;
  when: string;
  hideSource?: boolean;
}) {
  const { item, t } = props;
  return (
    <li class={item.dismissed ? 'item dismissed' : 'item'} data-item={String(item.id)}>
      <a class="item-title" href={`/items/${item.id}`}>
        {item.title ?? t('item.noTitle')}
      </a>
      <div class="item-meta">
        {props.hideSource ? null : <span>{item.sourceName}</span>}
        {item.author ? <span>{item.author}</span> : null}
        <span>{props.when}</span>
        {item.readingSeconds ? (
          <span>{t('item.readingTime', { minutes: minutes(item.readingSeconds) })}</span>
        ) : null}
      </div>
      {item.summary ? <p class="item-summary">{item.summary}</p> : null}
      <AlsoFrom t={t} own={item.sourceName} alsoFrom={item.alsoFrom ?? []} />
      <div class="item-actions">
        <StateButton id={item.id} flag="starred" on={item.starred} csrf={props.csrf} t={t} />
        <StateButton id={item.id} flag="dismissed" on={item.dismissed} csrf={props.csrf} t={t} />
        {item.url ? (
          <a class="button" href={item.url} rel="noopener noreferrer nofollow" target="_blank">
            {t('item.original')}
          </a>
        ) : null}
      </div>
      {item.parts?.length ? (
        <details class="why">
          <summary>{t('item.why')}</summary>
          <ul>
            {item.parts.map((p) => (
              <li>
                <span class="points">{formatPoints(p.points)}</span> — {reasonText(t, p)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

/**
 * A secret or link just created and shown once: what it is, the value, and a copy button.
 *
 * @example <ShownOnce id="new-token" value={token} label={t('settings.tokens')} created={t('settings.tokenCreated')} t={t} />
 */
export function ShownOnce(props: {
  id: string;
  value: string;
  label: string;
  created: string;
  t: Translate;
}) {
  return (
    <div class="notice">
      <p>{props.created}</p>
      <div class="copy">
        <input type="text" id={props.id} value={props.value} readonly aria-label={props.label} />
        <button type="button" data-copy={props.id}>
          {props.t('common.copy')}
        </button>
      </div>
    </div>
  );
}
