export declare function isTruthyCi(value: string | undefined): boolean;
