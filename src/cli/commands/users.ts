import type { Command } from 'commander';
import { createToken, listAccounts } from '../../services/accounts/settings.ts';
import { createUser } from '../../services/accounts/users.ts';
import { type GlobalOptions, out, withApp } from '../context.ts';

/** `checkpoint user create|list` and `checkpoint token create`. */
export function userCommands(program: Command): void {
  const user = program.command('user').description('manage users');
  user
    .command('create <email>')
    .description('create a user (a member unless --admin)')
    .option('--admin', 'make the user an admin')
    .option('--json', 'print the user as JSON')
    .action(async (email: string, options: { admin?: boolean; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app) => {
        const row = await createUser(app.db.kysely, app.clock, {
          email,
          admin: options.admin ?? false,
        });
        if (options.json) out.json({ id: row.id, email: row.email, role: row.role });
        else out.line(`created ${row.role} ${row.email} (id ${row.id})`);
      });
    });
  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app) => {
        const rows = await listAccounts(app);
        const view = rows.map((r) => ({
          id: r.id,
          email: r.email,
          role: r.role,
          tz: r.tz,
          locale: r.locale,
        }));
        if (options.json) out.json(view);
        else
          for (const r of view)
            out.line(`${String(r.id).padStart(4)}  ${r.role.padEnd(6)}  ${r.email}  ${r.tz}`);
      });
    });
  tokenCommands(program);
}

/** `checkpoint token create`: API tokens of the acting user. */
function tokenCommands(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for the acting user (shown once)')
    .option('--label <label>', 'what the token is for')
    .option('--json', 'print {"token": "…"}')
    .action(async (options: { label?: string; json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, acting) => {
        const value = await createToken(app, acting.id, options.label ?? null);
        if (options.json) out.json({ token: value });
        else {
          out.line(value);
          out.info(
            'Keep it safe: it is shown only once. Use it as "Authorization: Bearer <token>".',
          );
        }
      });
    });
}
