import type { Handlers } from '../core/dispatch';
import { codeSources, findCodes, recordLookupOptions, searchCodes } from '../../../../shared/codes';

// Handlers of the 'codes' contract entries (shared/contract/codes.ts). The dictionary is static
// data compiled into the app, so neither call touches the workspace database.
export const codesHandlers: Pick<Handlers, 'codes.search' | 'codes.lookup'> = {
  'codes.search': (_ctx, input) => {
    const { total, items } = searchCodes(input);
    return { total, items, sources: [...codeSources] };
  },
  'codes.lookup': (_ctx, { code, field, operator }) => {
    const opts = field ? recordLookupOptions(field, operator) : { operator: operator ?? null };
    const matches = findCodes(code, opts);
    return { best: matches[0] ?? null, matches };
  },
};
