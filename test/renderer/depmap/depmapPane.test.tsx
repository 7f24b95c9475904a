// @vitest-environment node
// The dependency map against a REAL core on SQLite (not a fake): the renderer's API client is
// adapted onto the core (realApi.ts), so these tests exercise the whole stack minus HTTP.
import '../nodeDom';
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { DepMapPane } from '../../../renderer/src/features/depmap';
import type { TempCore } from '../../helpers/tempCore';
import { rosterCore, useRealCores } from '../realApi';

const ROOT = path.resolve(__dirname, '../../..');
const CATALOG = fs.readFileSync(path.join(ROOT, 'resources/catalogs/catalog-info.yaml'), 'utf8');

const real = useRealCores();
let core: TempCore;
const renderWithCore = (ui: Parameters<typeof real.render>[0]) => real.render(ui, core);

beforeEach(async () => {
  ({ core } = await rosterCore(real));
});

describe('dependency map', () => {
  it('imports from the dialog, naming the document and line of a bad file, then shows the catalog', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Payments', severity: 'SEV-1' });
    renderWithCore(<DepMapPane incidentId={inc.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import a catalog…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import service catalog' });
    const text = within(dialog).getByLabelText('Or paste the content');
    fireEvent.change(text, { target: { value: CATALOG.replace('    - component:default/api-gateway\n    - resource:default/cdn', '    - [unclosed') } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const err = await within(dialog).findByTestId('catalog-import-error');
    expect(err.textContent).toMatch(/document 3, line \d+: YAML syntax error/);
    expect((await core.invoke('catalog:graph', {})).services).toHaveLength(0);
    fireEvent.change(text, { target: { value: CATALOG } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const ok = await within(dialog).findByTestId('catalog-import-result');
    expect(ok.textContent).toContain('Imported 23 services');
    expect(ok.textContent).toContain('3 unknown references');
    expect(ok.textContent).toContain('1 dependency cycle');
  });
});
