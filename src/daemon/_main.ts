/**
 * Runs the daemon in this process from the environment (and `LOGOND_CONFIG`): what the CLI's
 * `logond serve` does, without flags. Used by tests and benchmarks that spawn a daemon:
 * `node src/daemon/_main.ts`. Prints `logond listening on <url>` on stdout once it listens,
 * whatever the log level. Exit codes: 0 stopped, 1 failed, 2 bad configuration.
 */
import { ConfigError, loadDaemonConfig } from './config.ts';
import { startDaemon } from './daemon.ts';

try {
  const daemon = await startDaemon(loadDaemonConfig());
  process.stdout.write(`logond listening on ${daemon.url}\n`);
} catch (error) {
  process.stderr.write(`logond: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
