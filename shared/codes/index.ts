/**
 * The return-code dictionary: every code table of the seed documents as typed data, plus pure
 * lookup and search over it. Safe to import from the renderer and the main process alike.
 */
export { codeKinds, codeSourceIds, recordCodeFields, defineTable } from './types';
export type { CodeEntry, CodeKind, CodeRow, CodeSource, CodeSourceId, CodeTable, CodeTableMeta, RecordCodeField } from './types';
export { allCodes, codeSources, codeSource } from './catalog';
export { defaultKindOrder, findCodes, lookupCode, lookupResultCode, lookupCarrierCode, recordLookupOptions } from './lookup';
export type { LookupOptions } from './lookup';
export { foldForSearch, searchCodes } from './search';
export { describeFailure } from './describe';
export { codeMeaning } from './meaning';
export type { FailureSource } from './describe';
export type { CodeSearchQuery, CodeSearchResult } from './search';
