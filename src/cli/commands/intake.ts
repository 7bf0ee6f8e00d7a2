import type { Command } from 'commander';
import {
  createIntakeToken,
  listIntakeTokenViews,
  revokeIntakeToken,
} from '../../services/intake/intake-tokens.ts';
import { type GlobalOptions, out, parseId, withApp } from '../context.ts';

function createCommand(program: Command, token: Command): void {
  token
    .command('create')
    .description('create an intake token (shown once)')
    .option('--label <label>', 'what the token is for (phone, NAS …)')
    .option('--json', 'print {"token": "…"} as JSON')
    .action(async (options: { label?: string; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const { token: secret, view } = await createIntakeToken(
          app,
          user.id,
          options.label ?? null,
        );
        if (options.json) {
          out.json({ token: secret, id: view.id, label: view.label });
          return;
        }
        out.line(secret);
        out.info(`Intake token ${view.id} created; it is shown only now. Try:`);
        out.info(
          `  curl -H "Authorization: Bearer ${secret}" -d "Hello" ${app.config.baseUrl}/intake/ntfy/mytopic`,
        );
      });
    });
}

function listCommand(program: Command, token: Command): void {
  token
    .command('list')
    .description('list intake tokens (their first characters, never the secret)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const tokens = await listIntakeTokenViews(app, user.id);
        if (options.json) {
          out.json(tokens);
          return;
        }
        if (tokens.length === 0)
          out.info('No intake tokens: create one with `checkpoint intake token create`.');
        for (const t of tokens) {
          out.line(
            `${String(t.id).padStart(4)}  ${t.hint.padEnd(9)} ${t.label ?? ''}  (last used ${t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'})`,
          );
        }
      });
    });
}

function revokeCommand(program: Command, token: Command): void {
  token
    .command('revoke <id>')
    .description('revoke an intake token: senders using it get 401')
    .action(async (id: string) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        await revokeIntakeToken(app, user.id, parseId(id, 'id'));
        out.info(`Revoked intake token ${id}.`);
      });
    });
}

/** `checkpoint intake token create|list|revoke`: the tokens push senders use. */
export function intakeCommands(program: Command): void {
  const intake = program
    .command('intake')
    .description('push intake (ntfy, Gotify, Pushover, webhooks)');
  const token = intake
    .command('token')
    .description('intake tokens: one works for every push shape');
  createCommand(program, token);
  listCommand(program, token);
  revokeCommand(program, token);
}
