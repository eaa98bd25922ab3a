import { describe, expect, it } from 'vitest';
import { calls, callNames } from './index';
import { contractModuleOf, isIndexedCallName, loadCallSchemas } from './call-index';

describe('the contract by module (call-index)', () => {
  it('indexes exactly the contract’s calls', () => {
    expect(Object.keys(contractModuleOf).sort()).toEqual([...callNames].sort());
    expect(isIndexedCallName('records.search')).toBe(true);
    expect(isIndexedCallName('no.such')).toBe(false);
    expect(isIndexedCallName('toString')).toBe(false);
  });

  it('loads, for every call, the very schemas the whole contract holds', async () => {
    for (const name of callNames) {
      const schemas = await loadCallSchemas(name);
      expect(schemas.input, name).toBe(calls[name].input);
      expect(schemas.output, name).toBe(calls[name].output);
    }
  });
});
