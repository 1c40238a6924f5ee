/** Builds a kernel and LSA on the memory store without accounts: for the engine's own tests. */
import { Kernel } from '../kernel/kernel.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { Store } from '../store/store.ts';
import type { TerminationNotify } from './cascade.ts';
import { Lsa } from './lsa.ts';
import type { AuthenticationPackage } from './package.ts';

/** What `createTestEngine` builds. */
export interface TestEngine {
  store: Store;
  kernel: Kernel;
  lsa: Lsa;
  warnings: { message: string; fields: Record<string, unknown> }[];
}

/** A kernel and LSA over a fresh memory store (or `store`), initialised. */
export async function createTestEngine(
  options: {
    packages?: AuthenticationPackage[];
    terminationNotify?: TerminationNotify;
    callTimeoutMs?: number;
    store?: Store;
    maxTokens?: number;
    routineLimit?: number;
  } = {},
): Promise<TestEngine> {
  const store = options.store ?? new MemoryStore();
  const now = () => Date.now();
  const kernel = new Kernel({
    store,
    now,
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.routineLimit === undefined ? {} : { routineLimit: options.routineLimit }),
  });
  const warnings: TestEngine['warnings'] = [];
  const lsa = new Lsa({
    store,
    kernel,
    packages: options.packages ?? [],
    terminationNotify: options.terminationNotify ?? 'all',
    callTimeoutMs: options.callTimeoutMs ?? 200,
    logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    now,
    computerName: 'TESTHOST',
    host: 'TESTHOST',
  });
  await lsa.init();
  return { store, kernel, lsa, warnings };
}
