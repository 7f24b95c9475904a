// The local profile and what the console says about itself (app:info).
export interface Profile {
  displayName: string;
  handle: string;
  createdAt: string;
}

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
