// What the crash child and the crash test share: the console's set-up and the acknowledgement lines.
export const CRASH_PASSPHRASE = 'crash durability passphrase';
/** Two webhook receivers with default routing: every routed event writes one outbox row for each. */
export const CRASH_HOOKS = ['hook-a', 'hook-b'] as const;
export const CRASH_PEOPLE = ['ana', 'ben', 'chi', 'dev', 'eli', 'fay'] as const;

/** One acknowledged command, as the child reports it after the core answered. */
export type Ack =
  | { c: 'incidents:declare'; incidentId: string; severity: string }
  | { c: 'incidents:set-status'; incidentId: string; status: string }
  | { c: 'incidents:set-severity'; incidentId: string; severity: string }
  | { c: 'roles:assign'; incidentId: string; role: string; person: string; assignmentId: string }
  | { c: 'timeline:append'; incidentId: string; eventId: string }
  | { c: 'artifacts:import'; incidentId: string; artifactId: string };
