// The credentials the fakes accept: test values for 127.0.0.1 only, kept beside the demo that
// configures them (main/core/demo/sandbox.ts) so the two cannot drift apart.
export { SANDBOX_CREDENTIALS as FAKE_CREDENTIALS } from '../../main/core/demo/sandbox';
