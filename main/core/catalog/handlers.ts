// The service catalog and impact commands: import and export, the graph, failover flips, per-incident
// component status and the blast radius.
import { defineHandlers } from '../command';
import { blastRadius, catalogGraph, exportCatalogCommand, flipFailover, importCatalog, setImpact } from './catalog';

export const catalogHandlers = defineHandlers(['catalog', 'impact'], () => ({
  'catalog:import': importCatalog,
  'catalog:graph': catalogGraph,
  'catalog:export': exportCatalogCommand,
  'catalog:failover': flipFailover,
  'impact:set': setImpact,
  'impact:blast-radius': blastRadius,
}));
