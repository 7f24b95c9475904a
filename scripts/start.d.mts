export declare function findElectron(): { exe: string | null; reason: string | null };
export declare function launchArgs(args: string[]): string[];
