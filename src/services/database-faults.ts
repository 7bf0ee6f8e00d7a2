/**
 * The database's faults (full, read-only, unreachable) as typed errors, for the layers above
 * services: the classification of driver errors is the database layer's (`db/database-error.ts`),
 * HTTP and the CLI only map what it decided to a status or an exit.
 */
export { databaseFault } from '../db/database-error.ts';
