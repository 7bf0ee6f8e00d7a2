/**
 * A small stroke icon per source kind for the one-line rows of the Sources list (a feed's
 * waves, an envelope, a bell for phone pushes …), drawn inline like the platform marks: no
 * request, strict CSP. A bridge feed shows its platform's mark instead.
 */
import { sourceKind } from '../../sources/registry.ts';
import type { Translate } from './i18n/index.ts';
import { PlatformIcon } from './platform-icon.tsx';
import { kindLabel } from './source-kind-label.ts';

/** Path data on a 16×16 grid per registry icon name (`describe.icon`). */
const PATHS: Record<string, string> = {
  rss: 'M4 4.5a7.5 7.5 0 0 1 7.5 7.5M4 8a4 4 0 0 1 4 4M4.5 11.5v.01',
  mail: 'M2.5 4.5h11v7h-11zM2.5 4.5 8 9l5.5-4.5',
  bell: 'M4.5 11V7.5a3.5 3.5 0 0 1 7 0V11l1 1h-9zM7 13.5h2',
  webhook: 'M6 10.5a2.5 2.5 0 1 1 2-4L10 10M10 10.5a2.5 2.5 0 1 0 2.2 1.3M5.5 10.5h4.5',
  archive: 'M8 2.5v7M5 6.5l3 3 3-3M3 10.5v2.5h10v-2.5',
  // A social account: a speech bubble (platform marks are for bridge feeds' platforms).
  mastodon: 'M2.5 3.5h11v7.5H7l-3 2.5V11H2.5z',
  bluesky: 'M2.5 3.5h11v7.5H7l-3 2.5V11H2.5z',
  dot: 'M8 8v.01',
};

/** Which drawing a kind gets: its registry icon when drawn here, a bell for push intake. */
function pathOf(kind: string): string {
  const icon = sourceKind(kind)?.describe.icon ?? 'dot';
  if (icon in PATHS) return PATHS[icon]!;
  return ['ntfy', 'gotify', 'pushover'].includes(icon) ? PATHS.bell! : PATHS.dot!;
}

/**
 * The icon of a source's kind, named for assistive technology ("Feed", "ntfy").
 *
 * @example <SourceKindIcon kind="ntfy" platform={null} t={t} />
 */
export function SourceKindIcon({
  kind,
  platform,
  t,
}: {
  kind: string;
  platform: string | null;
  t: Translate;
}) {
  const mark = platform ? PlatformIcon({ platform }) : null;
  if (mark) return mark;
  return (
    <svg
      class="kind-icon"
      data-kind={kind}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      role="img"
      aria-label={kindLabel(t, kind)}
      fill="none"
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={pathOf(kind)} />
    </svg>
  );
}
