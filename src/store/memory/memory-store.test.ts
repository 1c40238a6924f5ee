import { describeStoreContract } from '../contract.ts';
import { MemoryStore } from './memory-store.ts';

describeStoreContract('memory', { open: async () => new MemoryStore() });
