import type { Command } from 'commander';
import {
  getRule,
  listRules,
  previewRule,
  type RuleView,
  removeRule,
  type SavedRule,
  saveNewRule,
  saveRuleEdit,
  undoRule,
} from '../../services/checkpoints/rules.ts';
import { type GlobalOptions, out, parseId, UsageError, withApp } from '../context.ts';
import { optionValues } from '../usage.ts';
import { printChannelWarnings } from './channel-warnings.ts';

function describe(rule: RuleView): string {
  const when = rule.when.map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`).join(' and ');
  const action =
    rule.action === 'boost' || rule.action === 'lower'
      ? `${rule.action} ${rule.amount ?? 10}`
      : rule.action === 'tag'
        ? `tag ${rule.tag}`
        : rule.action;
  return `${String(rule.id).padStart(4)}  ${rule.enabled ? 'on ' : 'off'}  ${rule.name}: when ${when} → ${action}${rule.action === 'breakthrough' ? ` (≤ ${rule.perHour}/h)` : ''}`;
}

/** The `--json` option's value, parsed (a usage error when it is not JSON). */
function ruleJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
  }
}

/** "Applied to 3 held items (undo: checkpoint rule undo 7)." on stderr. */
function appliedLine(saved: SavedRule): string {
  if (saved.rule.action === 'breakthrough')
    return 'Breakthroughs never fire for items already held: the rule acts on what arrives from now on.';
  return `Applied to ${saved.applied} held item${saved.applied === 1 ? '' : 's'} (undo: checkpoint rule undo ${saved.rule.id}).`;
}

/** `rule add --json`: adds a rule, says what it would have matched and what it applied to. */
function ruleAddCommand(program: Command, rule: Command): void {
  rule
    .command('add')
    .description('add a rule from its JSON (see the README for the shape)')
    .requiredOption(
      '--json <rule>',
      'the rule, e.g. \'{"name":"Urgent","when":[{"field":"priority","op":"gte","value":5}],"action":"breakthrough"}\'',
    )
    .action(async (options: { json: string }) => {
      const input = ruleJson(options.json);
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const preview = await optionValues(() => previewRule(app, user.id, input));
        const saved = await saveNewRule(app, user.id, input);
        out.json(saved.rule);
        out.info(
          `In the last ${preview.days} days this rule would have matched ${preview.matched} item${preview.matched === 1 ? '' : 's'}${saved.rule.action === 'breakthrough' ? `, ${preview.brokeThrough} of which broke through` : ''}.`,
        );
        out.info(appliedLine(saved));
      });
    });
}

/** `rule set <id> --json`: replaces a rule; the new version applies to what is held. */
function ruleSetCommand(program: Command, rule: Command): void {
  rule
    .command('set <id>')
    .description('replace a rule with new JSON (as `rule add` takes it); undo with `rule undo`')
    .requiredOption('--json <rule>', 'the whole rule, e.g. what `rule list --json` prints')
    .action(async (id: string, options: { json: string }) => {
      const input = ruleJson(options.json);
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const saved = await optionValues(() =>
          saveRuleEdit(app, user.id, parseId(id, 'id'), input),
        );
        out.json(saved.rule);
        out.info(appliedLine(saved));
      });
    });
}

/** `rule undo <id>`: undoes the rule's latest save (add or set). */
function ruleUndoCommand(program: Command, rule: Command): void {
  rule
    .command('undo <id>')
    .description('undo the latest `add` or `set` of a rule and what it did to held items')
    .action(async (id: string) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const undone = await undoRule(app, user.id, parseId(id, 'id'));
        out.info(
          `${undone.removed ? `Removed rule ${id}` : `Rule ${id} is back as it was`}; ${undone.restored} item${undone.restored === 1 ? '' : 's'} restored.`,
        );
      });
    });
}

/** `rule list`: every rule, one line each (or JSON). */
function ruleListCommand(program: Command, rule: Command): void {
  rule
    .command('list')
    .option('--json', 'print JSON')
    .description('list rules')
    .action(async (options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const rules = await listRules(app, user.id);
        if (options.json) out.json(rules);
        else if (rules.length === 0) out.info('No rules yet. Nothing interrupts you.');
        else {
          for (const r of rules) out.line(describe(r));
          await printChannelWarnings(app, user.id);
        }
      });
    });
}

/** `rule test <id>`: what the rule would have matched in the last 7 days. */
function ruleTestCommand(program: Command, rule: Command): void {
  rule
    .command('test <id>')
    .option('--json', 'print JSON')
    .description('what the rule would have matched in the last 7 days')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        const {
          id: _id,
          createdAt: _created,
          ...spec
        } = await getRule(app, user.id, parseId(id, 'id'));
        const preview = await previewRule(app, user.id, spec);
        if (options.json) {
          out.json(preview);
          return;
        }
        out.line(
          `In the last ${preview.days} days this rule would have matched ${preview.matched} item${preview.matched === 1 ? '' : 's'}${spec.action === 'breakthrough' ? `, ${preview.brokeThrough} of which broke through (${preview.heldByCap} held by the hourly cap)` : ''}.`,
        );
        for (const e of preview.examples)
          out.line(`  ${e.receivedAt.slice(0, 16).replace('T', ' ')}  ${e.title ?? '(no title)'}`);
      });
    });
}

/** `rule remove <id>`. */
function ruleRemoveCommand(program: Command, rule: Command): void {
  rule
    .command('remove <id>')
    .description('remove a rule')
    .action(async (id: string) => {
      await withApp(program.opts<GlobalOptions>(), async (app, user) => {
        await removeRule(app, user.id, parseId(id, 'id'));
        out.info(`Removed rule ${id}.`);
      });
    });
}

/** `checkpoint rule add|set|undo|list|test|remove`. */
export function ruleCommands(program: Command): void {
  const rule = program.command('rule').description('rules: mute, boost, lower, tag, breakthrough');
  ruleAddCommand(program, rule);
  ruleSetCommand(program, rule);
  ruleUndoCommand(program, rule);
  ruleListCommand(program, rule);
  ruleTestCommand(program, rule);
  ruleRemoveCommand(program, rule);
}
