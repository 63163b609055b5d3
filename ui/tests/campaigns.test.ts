// « Saisie rapide »: the card sent under its campaign, the field a refusal lands on, the blank card after a save.
import { describe, expect, it } from 'vitest';
import { CARD_FIELDS, cardErrors, cardField, cardInput, emptyCard, firstErrorField, isBlank } from '../src/lib/campaigns';

describe('quick entry of business cards', () => {
  it('sends the card under its campaign, blanks as null, trimmed', () => {
    const card = { ...emptyCard(), company: ' Menuiserie Blanc ', last_name: 'Blanc', phone: '06 12 34 56 78' };
    expect(cardInput('C1', card)).toEqual({
      campaign_id: 'C1',
      company: 'Menuiserie Blanc',
      first_name: null,
      last_name: 'Blanc',
      phone: '06 12 34 56 78',
      email: null,
      notes: null,
      allow_duplicates: false,
    });
    expect(cardInput('C1', card, true).allow_duplicates).toBe(true);
  });

  it('puts the party name refusal under the company typed, else under the last name', () => {
    const company = { ...emptyCard(), company: 'Blanc' };
    const person = { ...emptyCard(), last_name: 'Petit' };
    expect(cardField('name', company)).toBe('company');
    expect(cardField('name', person)).toBe('last_name');
    expect(cardField('email', person)).toBe('email');
    expect(cardField('campaign_id', person)).toBeNull();
    expect(cardErrors({ name: 'trop long', email: 'pas une adresse' }, person)).toEqual({
      last_name: 'trop long',
      email: 'pas une adresse',
    });
  });

  it('focuses the first refused field in typing order, and a blank card is not sent', () => {
    expect(firstErrorField({ email: 'x', phone: 'y' })).toBe('phone');
    expect(firstErrorField({})).toBeNull();
    expect(CARD_FIELDS[0]).toBe('company');
    expect(isBlank(emptyCard())).toBe(true);
    expect(isBlank({ ...emptyCard(), notes: ' ' })).toBe(true);
    expect(isBlank({ ...emptyCard(), notes: 'stand 7' })).toBe(false);
  });
});
