

// Domain vocabulary shared by every runtime. Pure TypeScript: no DOM, no Node, no Electron.

export interface Profile {
  displayName: string;
  handle: string;
  createdAt: string;
}
// --- sync / integrations (issue 5) -------------------------------------------------------------
// --- end sync / integrations --------------------------------------------------------------------

export interface HealthInfo {
  ok: true;
  version: string;
  schemaVersion: number;
}
export interface AppInfo {
  version: string;
  schemaVersion: number;
  dataDir: string;
  profile: Profile | null;
  demoAvailable: boolean;
  /** Set when start-up had to move a damaged database aside; show it until acknowledged. */
  storageNotice: string | null;
}
