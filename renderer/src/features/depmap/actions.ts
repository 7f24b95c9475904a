// Named actions of the dependency map.
import { hasIncident, type ActionContext, type ActionDef } from '../../lib/workbench';
import { depmapUiActions } from './uiStore';

function download(filename: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: filename.endsWith('.json') ? 'application/json' : 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function exportCatalogFile(ctx: Pick<ActionContext, 'api' | 'notify'>, format: 'backstage' | 'json' | 'yaml') {
  const out = await ctx.api.invoke('catalog:export', { format });
  download(out.filename, out.content);
  ctx.notify(`Exported the catalog as ${out.filename}.`, 'success');
}

export const depmapActions: ActionDef[] = [
  {
    id: 'depmap.search',
    title: 'Find a service on the dependency map…',
    group: 'Dependency map',
    keywords: ['service', 'search', 'focus', 'graph', 'catalog'],
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('depmap');
      ctx.focus('depmap-search');
    },
  },
  {
    id: 'catalog.import',
    title: 'Import a service catalog (Backstage, JSON, YAML)…',
    group: 'Dependency map',
    keywords: ['backstage', 'catalog-info', 'yaml', 'json', 'services', 'dependencies'],
    run: (ctx) => {
      if (ctx.incident) ctx.openPane('depmap');
      depmapUiActions.openImport(true);
    },
  },
  {
    id: 'catalog.export-backstage',
    title: 'Export the service catalog as Backstage YAML',
    group: 'Dependency map',
    keywords: ['download', 'catalog-info', 'save'],
    run: (ctx) => exportCatalogFile(ctx, 'backstage'),
  },
  {
    id: 'catalog.export-json',
    title: 'Export the service catalog as JSON',
    group: 'Dependency map',
    keywords: ['download', 'save'],
    run: (ctx) => exportCatalogFile(ctx, 'json'),
  },
];
