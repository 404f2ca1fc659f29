import type { Migration } from '../../migrations/migrate';
import { marketMigration0010Init } from './0010-init';

/** The market store's migrations, oldest first. Append only. */
export const marketMigrations: readonly Migration[] = [marketMigration0010Init];
