/**
 * The layering of the repository, checked by the lint step of `npm test` (`npm run
 * lint:deps`): apps never import each other, libs never import apps, no import runs back
 * up a layer (a lib imports only libs of a lower layer; apps/api's base folders import no
 * feature folder; no folder of apps/api/src imports its top: the root files and the OpenAPI
 * document builder), no module or folder cycles, and the port entry of @cl/event-store loads
 * no driver. No violation is known: lint:deps fails on any.
 */

/**
 * The libs by layer, lowest first: a lib may import libs of lower layers only (never one of
 * its own layer or above).
 */
const LAYERS = [
  ['domain', 'csv', 'event-store', 'redis'],
  ['service-levels', 'personal-data'],
  ['complaints', 'corrective-actions', 'customers', 'customer-risk', 'config'],
  ['audit'],
  ['commands', 'projections'],
  ['import', 'integration', 'timers', 'read-models'],
  ['early-warning'],
  ['background'],
];

const lib = (names) => `^libs/(${names.join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${index}-not-up`,
  comment: `${layer.join(', ')} must not import a lib of a higher layer (${LAYERS.slice(index + 1)
    .flat()
    .join(', ')}).`,
  severity: 'error',
  from: { path: lib(layer) },
  to: { path: lib(LAYERS.slice(index + 1).flat()) },
}));

const sameLayerRules = LAYERS.filter((layer) => layer.length > 1).map((layer) => ({
  name: `layer-${LAYERS.indexOf(layer)}-not-across`,
  comment: `The libs of one layer (${layer.join(', ')}) do not import each other.`,
  severity: 'error',
  from: { path: lib(layer) },
  to: { path: lib(layer), pathNot: ['^libs/$1/'] },
}));

/**
 * apps/api/src's base folders: the feature folders (complaints, customers, analytics, audit,
 * integration, ...) and the top import them, never the reverse.
 */
const API_BASE = ['auth', 'cli', 'http', 'idempotency', 'metrics', 'openapi', 'rate-limit'];
const apiBase = `^apps/api/src/(${API_BASE.join('|')})/`;

/**
 * apps/api/src's top: the root files (main.ts, create-app.ts, app.module.ts) and the folders
 * that gather every feature, as the root does: openapi-document (the OpenAPI document
 * builder, which loads every feature's request DTOs). The top may import any folder; no
 * folder below it imports the top.
 */
const API_TOP_FOLDERS = ['openapi-document'];
const apiTopFolder = `^apps/api/src/(${API_TOP_FOLDERS.join('|')})/`;
const apiRootFile = '^apps/api/src/[^/]+$';

module.exports = {
  forbidden: [
    {
      name: 'apps-not-to-apps',
      comment: 'An app never imports another app: what two apps share lives in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'A lib never imports an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    ...layerRules,
    ...sameLayerRules,
    {
      name: 'api-base-not-up',
      comment:
        "apps/api's base folders (what the feature folders and the root build on: HTTP plumbing, auth, the OpenAPI decorators, metrics) import nothing of the feature folders or the root.",
      severity: 'error',
      from: { path: apiBase },
      to: { path: '^apps/api/src/', pathNot: apiBase },
    },
    {
      name: 'api-top-not-down',
      comment:
        "apps/api's top (the root files and the folders that gather every feature, such as openapi-document) is imported by nothing below it: a folder of apps/api/src imports neither the root nor a top folder (other than its own files).",
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/' },
      to: { path: [apiRootFile, apiTopFolder], pathNot: '^apps/api/src/$1/' },
    },
    {
      name: 'no-cycles',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No folder imports itself through others: an import never runs back up to a folder that imports the importer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
    {
      name: 'personal-data-port-loads-no-driver',
      comment:
        'The port entry of @cl/personal-data reaches no driver and no framework: the key stores and the Nest module have entries of their own.',
      severity: 'error',
      from: { path: '^libs/personal-data/src/index\\.ts$' },
      to: {
        reachable: true,
        path: 'node_modules/(better-sqlite3|@nestjs/common)/',
      },
    },
    {
      name: 'event-store-port-loads-no-driver',
      comment:
        'The port entry of @cl/event-store (libs/event-store/src/index.ts) reaches no store driver and no framework: adapters have entries of their own.',
      severity: 'error',
      from: { path: '^libs/event-store/src/index\\.ts$' },
      to: {
        reachable: true,
        path: 'node_modules/(better-sqlite3|@eventstore/db-client|@nestjs/common)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
