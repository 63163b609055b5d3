// Prospect form values: what « Nouveau » and « Modifier » send, drafts, and duplicates found by phone.
import { describe, expect, it } from 'vitest';
import type { DuplicateHit } from '../src/lib/bindings/DuplicateHit';
import { changedFields, draftOf, filledFields, formValues, hitsKey, mergeHits, withDraft } from '../src/lib/prospect';

const hit = (kind: string, code: string, phone = '04 78 00 00 01'): DuplicateHit => ({ kind, code, name: code, phone });

describe('prospect values', () => {
  it('prefills every field, missing and null ones empty', () => {
    expect(formValues([{ field: 'nom_client' }, { field: 'tel_1' }, { field: 'ville_fac' }], { nom_client: 'Ferme', tel_1: null })).toEqual({
      nom_client: 'Ferme',
      tel_1: '',
      ville_fac: '',
    });
  });

  it('creates with the filled fields only, trimmed', () => {
    expect(filledFields({ nom_client: ' Ferme Neuve ', tel_1: '', ville_fac: '  ' })).toEqual({ nom_client: 'Ferme Neuve' });
  });

  it('updates only the changed fields; an emptied field is null', () => {
    const before = { nom_client: 'Ferme', tel_1: '0474001122', ville_fac: null };
    expect(changedFields(before, { nom_client: 'Ferme ', tel_1: '', ville_fac: 'VIENNE' })).toEqual({ tel_1: null, ville_fac: 'VIENNE' });
    expect(changedFields(before, { nom_client: 'Ferme', tel_1: '0474001122', ville_fac: '' })).toEqual({});
  });

  it('drafts what differs from the start and lays a draft back over the form', () => {
    const before = { nom_client: 'Ferme', tel_1: null };
    const draft = draftOf(before, { nom_client: 'Ferme', tel_1: '06', ville_fac: '' });
    expect(draft).toEqual({ tel_1: '06' });
    expect(withDraft({ nom_client: 'Ferme', tel_1: '' }, draft)).toEqual({ nom_client: 'Ferme', tel_1: '06' });
    expect(withDraft({ a: 'x' }, { a: 3, b: 'y' })).toEqual({ a: 'x', b: 'y' });
    expect(withDraft({ a: 'x' }, null)).toEqual({ a: 'x' });
  });
});

describe('duplicates', () => {
  it('lists each record once across both numbers', () => {
    const merged = mergeHits([[hit('client', 'C1'), hit('prospect', 'P1')], [hit('prospect', 'P1', '06'), hit('pending_prospect', 'P2')]]);
    expect(merged.map((h) => `${h.kind}:${h.code}`)).toEqual(['client:C1', 'prospect:P1', 'pending_prospect:P2']);
  });

  it('identifies a set of duplicates whatever the order', () => {
    expect(hitsKey([hit('client', 'C1'), hit('prospect', 'P1')])).toBe(hitsKey([hit('prospect', 'P1'), hit('client', 'C1')]));
    expect(hitsKey([hit('client', 'C1')])).not.toBe(hitsKey([hit('client', 'C1'), hit('prospect', 'P1')]));
  });
});
