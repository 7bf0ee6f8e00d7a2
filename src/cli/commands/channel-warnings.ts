import type { App } from '../../services/app.ts';
import { channelHealth } from '../../services/checkpoints/channel-health.ts';
import { out } from '../context.ts';

/**
 * Prints, after a command's human output, what may keep a breakthrough or a checkpoint notice
 * from reaching the user (DESIGN.md Invariant 5). Nothing when every channel works.
 *
 * @example await printChannelWarnings(app, user.id) // "Warning: Rule "Urgent" may break through …"
 */
export async function printChannelWarnings(app: App, userId: number): Promise<void> {
  const warnings = await channelHealth(app, userId);
  if (warnings.length === 0) return;
  out.line();
  for (const w of warnings) out.line(`Warning: ${w.message}.`);
}
