// « Transformation en client » rules applied while typing: CH for farmers only with locked due days, LD requirements.
import { describe, expect, it } from 'vitest';
import { conversionConfig } from '../dev/fixtures';
import type { ConversionField } from '../src/lib/bindings/ConversionField';
import {
  applyRules,
  conversionInput,
  dueDaysLocked,
  isRequired,
  offeredModes,
  optionsFor,
  stripDataUrl,
  withPrefill,
} from '../src/lib/conversion';

const field = (name: string): ConversionField => {
  const f = conversionConfig.fields.find((x) => x.field === name);
  if (!f) throw new Error(name);
  return f;
};

describe('payment modes', () => {
  it('offers CH only to the farmer categories', () => {
    expect(offeredModes(conversionConfig, 'TRAN').map(([c]) => c)).toEqual(['VI', 'LD', 'TR']);
    expect(offeredModes(conversionConfig, '').map(([c]) => c)).toEqual(['VI', 'LD', 'TR']);
    expect(offeredModes(conversionConfig, 'AGRI').map(([c]) => c)).toEqual(['VI', 'LD', 'CH', 'TR']);
    expect(offeredModes(conversionConfig, ' AGRI ').map(([c]) => c)).toContain('CH');
  });

  it('imposes the CH due days and locks them', () => {
    const v = applyRules(conversionConfig, { c_fam_client: 'AGRI', c_mod_rgl_1: 'CH', nb_jour_1: '45' });
    expect(v.nb_jour_1).toBe('20');
    expect(dueDaysLocked(v)).toBe(true);
    expect(dueDaysLocked({ c_mod_rgl_1: 'VI' })).toBe(false);
  });

  it('clears CH when the category stops being a farmer one, keeps the due days editable again', () => {
    const v = applyRules(conversionConfig, { c_fam_client: 'TRAN', c_mod_rgl_1: 'CH', nb_jour_1: '20' });
    expect(v.c_mod_rgl_1).toBe('');
    expect(v.nb_jour_1).toBe('20');
    expect(dueDaysLocked(v)).toBe(false);
  });

  it('keeps other modes whatever the category', () => {
    expect(applyRules(conversionConfig, { c_fam_client: 'TRAN', c_mod_rgl_1: 'LD' }).c_mod_rgl_1).toBe('LD');
  });
});

describe('required fields', () => {
  it('marks mandatory fields, and IBAN/BIC only with LD', () => {
    expect(isRequired(field('nom_client'), {})).toBe(true);
    expect(isRequired(field('tel_2'), {})).toBe(false);
    expect(isRequired(field('iban'), { c_mod_rgl_1: 'VI' })).toBe(false);
    expect(isRequired(field('iban'), { c_mod_rgl_1: 'LD' })).toBe(true);
    expect(isRequired(field('bic'), { c_mod_rgl_1: 'LD' })).toBe(true);
    // IBAN and BIC are required with LD even if the configuration calls them optional.
    expect(isRequired({ ...field('iban'), requirement: 'optional' }, { c_mod_rgl_1: 'LD' })).toBe(true);
  });
});

describe('conversion input', () => {
  it('sends trimmed values, empty ones as null, and the signature only with LD', () => {
    expect(conversionInput('P1', { nom_client: ' Ferme ', tel_2: '', c_mod_rgl_1: 'LD' }, 'AAA')).toEqual({
      prospect_id: 'P1',
      fields: { nom_client: 'Ferme', tel_2: null, c_mod_rgl_1: 'LD' },
      signature_png_base64: 'AAA',
    });
    expect(conversionInput('P1', { c_mod_rgl_1: 'VI' }, 'AAA').signature_png_base64).toBeNull();
    expect(conversionInput('P1', { c_mod_rgl_1: 'LD' }, null).signature_png_base64).toBeNull();
  });

  it('strips the data URL prefix of the signature', () => {
    expect(stripDataUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
    expect(stripDataUrl('iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
  });
});

describe('lists instead of free text', () => {
  it('offers the admin’s categories and grids, sub-categories of the category chosen', () => {
    expect(optionsFor(conversionConfig, 'c_fam_client', {})?.map((o) => o.code)).toEqual(['AGRI', 'TRAN', 'GARA']);
    expect(optionsFor(conversionConfig, 'c_sfam_client', { c_fam_client: 'AGRI' })?.map((o) => o.code)).toEqual(['CERE', 'ELEV']);
    expect(optionsFor(conversionConfig, 'c_sfam_client', { c_fam_client: 'TRAN' })?.map((o) => o.code)).toEqual(['PL']);
    expect(optionsFor(conversionConfig, 'c_catc', {})?.map((o) => o.code)).toEqual(['AGRI1', 'TRANS']);
    expect(optionsFor(conversionConfig, 'nom_client', {})).toBeNull();
  });

  it('keeps a value outside the list, marked, instead of losing it', () => {
    const options = optionsFor(conversionConfig, 'c_fam_client', { c_fam_client: 'VITI' });
    expect(options?.[0]).toEqual({ code: 'VITI', label: '', outside: true });
    expect(options?.slice(1).every((o) => !o.outside)).toBe(true);
  });

  it('starts empty fields with the rep’s code and agency, never over a value', () => {
    expect(withPrefill(conversionConfig, { c_rep: '', c_agence: 'B01' })).toEqual({ c_rep: 'R07', c_agence: 'B01' });
    // A column the form does not show is not added.
    const without = { ...conversionConfig, fields: conversionConfig.fields.filter((f) => !['c_rep', 'c_agence'].includes(f.field)) };
    expect(withPrefill(without, {})).toEqual({});
  });
});
