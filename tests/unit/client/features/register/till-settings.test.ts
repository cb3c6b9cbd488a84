import { describe, expect, it } from 'vitest';
import {
  readTillSettings,
  registerIdProblem,
  saveTillSettings,
} from '../../../../../client/src/features/register/till-settings';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('till settings', () => {
  it('remembers the store and register, and ignores what it cannot read', () => {
    const storage = memoryStorage();
    expect(readTillSettings(storage)).toBeNull();
    saveTillSettings({ storeId: 's-1', registerId: 'till-1' }, storage);
    expect(readTillSettings(storage)).toEqual({ storeId: 's-1', registerId: 'till-1' });
    storage.setItem('pos.till', '{not json');
    expect(readTillSettings(storage)).toBeNull();
    storage.setItem('pos.till', JSON.stringify({ storeId: 's-1', registerId: 'till 1' }));
    expect(readTillSettings(storage)).toBeNull();
  });

  it('explains a register id the API would refuse', () => {
    expect(registerIdProblem('till-1')).toBeNull();
    expect(registerIdProblem(' ')).toContain('Type the register name');
    expect(registerIdProblem('till 1')).toContain('letters, digits');
  });
});
