import { describe, expect, it } from 'vitest';
import { inputTypeOf, isCodeKind } from '../src/lib/fieldKinds';

describe('field kinds', () => {
  it('gives dates a date picker and phones the phone keypad', () => {
    expect(inputTypeOf('date')).toBe('date');
    expect(inputTypeOf('phone')).toBe('tel');
    for (const kind of ['text', 'code', 'iban', 'vat_number', 'siret', 'bic', 'integer']) {
      expect(inputTypeOf(kind)).toBe('text');
    }
  });

  it('shows codes and bank identifiers in monospace, not free text', () => {
    for (const kind of ['code', 'siret', 'vat_number', 'iban', 'bic']) expect(isCodeKind(kind)).toBe(true);
    for (const kind of ['text', 'phone', 'date', 'integer']) expect(isCodeKind(kind)).toBe(false);
  });
});
