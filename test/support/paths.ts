import { join } from 'node:path';

/** Tests run from out/test/…; fixtures and docs are read from the repository itself. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
