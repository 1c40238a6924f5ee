/**
 * A test package (loaded by configuration, `LOGOND_PACKAGES`) that logs nobody on and takes
 * 300 ms to hear each LsaApLogonTerminated, so that cascades are under way when a test kills the
 * daemon.
 */

import type { AuthenticationPackage } from '../src/lsa/package.ts';
import { STATUS_NOT_IMPLEMENTED, STATUS_SUCCESS } from '../src/nt/ntstatus.ts';

const slowTerminatePackage: AuthenticationPackage = {
  name: 'SlowTerminate',
  LsaApInitializePackage: () => STATUS_SUCCESS,
  LsaApLogonUser: () => STATUS_NOT_IMPLEMENTED,
  LsaApLogonTerminated: () => new Promise<void>((resolve) => setTimeout(resolve, 300)),
};

export default slowTerminatePackage;
