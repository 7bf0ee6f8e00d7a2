export { ConfigError, loadConfig } from './load.ts';
export type { Config, LogLevel } from './schema.ts';
