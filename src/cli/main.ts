import { runCli } from './program.ts';

const code = await runCli(process.argv);
// `serve` keeps running until a signal; every other command ends here, even if a library
// left a timer or socket behind.
const serving =
  code === 0 && process.argv.slice(2).some((arg) => arg === 'serve' || arg === 'worker');
if (!serving) process.exit(code);
