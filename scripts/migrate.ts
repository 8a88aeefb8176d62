import { loadConfig } from '@cria/core';
import { ensureDatabase, revertLastMigration, runMigrations } from '@cria/database';

/**
 * npm run migration:run     → create the database if needed, apply pending migrations
 * npm run migration:revert  → undo the last migration (`-- --all` undoes every one)
 */
async function main(): Promise<void> {
  const [command = 'run', flag] = process.argv.slice(2);
  const { databaseUrl } = loadConfig();
  if (command === 'run') {
    await ensureDatabase(databaseUrl);
    const applied = await runMigrations(databaseUrl);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database schema is up to date.');
  } else if (command === 'revert') {
    let count = 0;
    do {
      if (!(await revertLastMigration(databaseUrl))) break;
      count += 1;
    } while (flag === '--all');
    console.log(count ? `Reverted ${count} migration(s).` : 'No migration to revert.');
  } else {
    throw new Error(`Unknown command "${command}" (use run or revert)`);
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
