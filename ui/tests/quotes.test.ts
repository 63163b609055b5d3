// The quote editor's pure rules: typed numbers ↔ the back end's integers, the catalogue pick, the
// lines sent and the fields typed wrong, the buttons each status offers.
import { describe, expect, it } from 'vitest';
import type { CatalogueChoice } from '../src/lib/bindings/CatalogueChoice';
import {
  editorLine,
  findInCatalogue,
  freeLine,
  lineFromCatalogue,
  percentBp,
  quantityMilli,
  quantityText,
  quoteActions,
  quoteName,
  toDto,
  vatLabel,
} from '../src/lib/quotes';

const [wardrobeEntry, ...others]: [CatalogueChoice, ...CatalogueChoice[]] = [
  { reference: 'ARM-100', label: 'Armoire de 100 cm', unit: 'pièce', unit_price_cents: 48_990, vat_bp: 2000 },
  { reference: 'DESIGN-CUIS', label: 'Projet de design de cuisine', unit: 'forfait', unit_price_cents: 150_000, vat_bp: 2000 },
  { reference: 'POSE', label: 'Pose (heure)', unit: 'heure', unit_price_cents: 4_500, vat_bp: 1000 },
];
const catalogue = [wardrobeEntry, ...others];

describe('quote editor', () => {
  it('reads quantities in thousandths and percentages in basis points, both ways', () => {
    expect(quantityMilli('1,5')).toBe(1500);
    expect(quantityMilli(' 2 ')).toBe(2000);
    expect(quantityMilli('0.125')).toBe(125);
    expect(quantityMilli('1,2345')).toBeNaN();
    expect(quantityMilli('-1')).toBeNaN();
    expect(quantityMilli('')).toBeNull();
    expect(percentBp('10')).toBe(1000);
    expect(percentBp('12,5 %')).toBe(1250);
    expect(quantityText(1500)).toBe('1,5');
    expect(quantityText(2000)).toBe('2');
    expect(vatLabel(550, 'fr')).toBe('5,5 %');
    expect(vatLabel(550, 'en')).toBe('5.5%');
    expect(vatLabel(2000, 'fr')).toBe('20 %');
  });

  it('picks a catalogue product by reference, label, or the only one a text names', () => {
    expect(findInCatalogue(catalogue, 'arm-100')?.reference).toBe('ARM-100');
    expect(findInCatalogue(catalogue, 'Projet de design de cuisine')?.reference).toBe('DESIGN-CUIS');
    expect(findInCatalogue(catalogue, 'cuisine')?.reference).toBe('DESIGN-CUIS');
    expect(findInCatalogue(catalogue, 'pose')?.reference).toBe('POSE');
    // « de » is in two labels: no guess.
    expect(findInCatalogue(catalogue, 'de')).toBeNull();
    expect(findInCatalogue(catalogue, 'étagère')).toBeNull();
    expect(findInCatalogue(catalogue, '  ')).toBeNull();
  });

  it('fills a catalogue line with its values, editable, and sends the lines as integers', () => {
    const wardrobe = lineFromCatalogue(wardrobeEntry);
    expect(wardrobe).toEqual({
      reference: 'ARM-100',
      label: 'Armoire de 100 cm',
      quantity: '1',
      unit: 'pièce',
      unitPrice: '489,90',
      discount: '',
      vatBp: 2000,
    });
    const free = { ...freeLine(), label: ' Livraison ', unitPrice: '80', quantity: '1,5', discount: '5' };
    const { lines, errors } = toDto([{ ...wardrobe, quantity: '2', discount: '10' }, free]);
    expect(errors).toEqual({});
    expect(lines).toEqual([
      { reference: 'ARM-100', label: 'Armoire de 100 cm', quantity_milli: 2000, unit: 'pièce', unit_price_cents: 48_990, discount_bp: 1000, vat_bp: 2000 },
      { reference: null, label: 'Livraison', quantity_milli: 1500, unit: '', unit_price_cents: 8000, discount_bp: 500, vat_bp: 2000 },
    ]);
    const [, second] = lines;
    expect(second && editorLine(second)).toEqual({ ...free, label: 'Livraison' });
  });

  it('names each number typed wrong under the field the back end would name', () => {
    const { errors } = toDto([
      { ...freeLine(), label: 'A', quantity: 'deux', unitPrice: '10' },
      { ...freeLine(), label: 'B', unitPrice: '', discount: '5%%x' },
    ]);
    expect(errors).toEqual({
      'lines[0].quantity_milli': 'quantity_milli',
      'lines[1].unit_price_cents': 'unit_price_cents',
      'lines[1].discount_bp': 'discount_bp',
    });
  });

  it('names a quote by its number once given, and offers what its status allows', () => {
    expect(quoteName({ number: null, temp_ref: 'P-jdupont-ABCD1234' })).toEqual({ provisional: true, ref: 'P-jdupont-ABCD1234' });
    expect(quoteName({ number: 'D-2026-7', temp_ref: 'P-x' })).toEqual({ provisional: false, ref: 'D-2026-7' });
    expect(quoteActions('draft')).toEqual({ edit: true, send: true, sign: false, refuse: false });
    expect(quoteActions('sent')).toEqual({ edit: true, send: false, sign: true, refuse: true });
    expect(quoteActions('accepted')).toEqual({ edit: false, send: false, sign: false, refuse: false });
  });
});
