// The core's front door: the one module the shells (main/app, main/host) import. Everything else
// under main/core is internal and may move; an ESLint zone keeps the shells on this side of it.
export { createCore, defaultResourcesDir, type Core, type CoreOptions } from './createCore';
export type { DispatchOptions } from './dispatcher';
export type { Transport } from './policy/pathAccess';
export { zodIssues } from './dispatcher';
export { DataDirLockedError } from './db/dataDirLock';
export { SCHEMA_VERSION } from './db/migrations';
export type { KeyStore } from './keystore/keyStore';
export { consoleLogger, silentLogger, type Logger } from './logger';
export { defaultDataDir } from './paths';
export { demoDataDir, prepareDemo, unlockDemo, type DemoFolder } from './demo/seed';
export { SANDBOX_BASE_PORT } from './demo/sandbox';
export { scaledClock, type SyncClock } from './sync/clock';
export { contentDisposition } from './vault/names';
export { VAULT_MAX_BYTES } from './vault/artifacts';
export { APP_VERSION } from './version';
