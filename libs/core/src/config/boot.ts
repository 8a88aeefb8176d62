import { ConfigError, loadConfig, type AppConfig } from './app-config';

/**
 * Validates the configuration before anything starts, so a wrong variable ends the boot with one clear
 * message naming it (and exit code 1) rather than a stack trace from deep inside a module.
 */
export async function bootWith(name: string, start: (config: AppConfig) => Promise<void>): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`cria ${name}: cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    await start(config);
  } catch (error) {
    process.stderr.write(
      `cria ${name}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
