/**
 * Small inline icons for the platforms a bridge feed follows (issue 6: "shown with the
 * platform's name and icon"). Our own letter-marks drawn as strokes in a rounded square, not
 * the platforms' artwork: nothing is fetched (the CSP stays strict) and no trademark file is
 * shipped. Each icon is an image with the platform's name as its accessible name.
 */
import { BRIDGE_PLATFORMS, type BridgePlatform, PLATFORM_NAMES } from '../../domain/bridges.ts';

/** One letter-mark per platform, as path data on a 16×16 grid inside the frame. */
const MARKS: Record<BridgePlatform, string> = {
  x: 'M5.5 5l5 6M10.5 5l-5 6',
  instagram: 'M6 4.5h4M8 4.5v7M6 11.5h4',
  threads: 'M5 4.5h6M8 4.5v7',
  facebook: 'M10 4.5h-.75A1.75 1.75 0 0 0 7.5 6.25v5.25M6 7.75h3.5',
  linkedin: 'M5.25 7.25v4.25M5.25 4.75v.01M7.75 11.5V7.25M7.75 9a1.6 1.6 0 0 1 3.2 0v2.5',
  mastodon: 'M4.75 11.5v-7L8 8.5l3.25-4v7',
  bluesky:
    'M5.75 4.5v7M5.75 4.5h2.5a1.75 1.75 0 0 1 0 3.5h-2.5M5.75 8h2.75a1.75 1.75 0 0 1 0 3.5H5.75',
};

/** Whether a value (a source's platform) names a platform we draw. */
function isPlatform(value: unknown): value is BridgePlatform {
  return typeof value === 'string' && (BRIDGE_PLATFORMS as readonly string[]).includes(value);
}

/**
 * The icon of a platform, named for assistive technology ("Instagram"); nothing for others.
 * The platform is a source's, as `sourcePlatformOf` reads it from its config.
 *
 * @example <PlatformIcon platform="instagram" />
 */
export function PlatformIcon({ platform }: { platform: string | null | undefined }) {
  if (!isPlatform(platform)) return null;
  return (
    <svg
      class="platform-icon"
      data-platform={platform}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      role="img"
      aria-label={PLATFORM_NAMES[platform]}
      fill="none"
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <rect x="1" y="1" width="14" height="14" rx="3.5" />
      <path d={MARKS[platform]} />
    </svg>
  );
}
