// Visit form tree logic: visibility of children, pruning hidden answers, required groups.
import { describe, expect, it } from 'vitest';
import type { FormGroup } from '../src/lib/bindings/FormGroup';
import { choose, missingRequired, prune, visibleGroups, type Answers } from '../src/lib/visitForm';

const g = (id: string, kind: 'radio' | 'checkbox', required: boolean, options: FormGroup['options']): FormGroup => ({
  id,
  label_fr: id,
  label_en: id,
  kind,
  required,
  options,
});
const o = (id: string, children: FormGroup[] = []) => ({ id, label_fr: id, label_en: id, children });

// objet (radio, required): devis → produits (checkbox, required) → autre → precision (radio)
//                          sav
// suite (checkbox, optional)
const tree: FormGroup[] = [
  g('objet', 'radio', true, [
    o('devis', [g('produits', 'checkbox', true, [o('pneus'), o('autre', [g('precision', 'radio', false, [o('a'), o('b')])])])]),
    o('sav'),
  ]),
  g('suite', 'checkbox', false, [o('rappel'), o('rdv')]),
];
const [objet, suite] = tree as [FormGroup, FormGroup];
const produits = objet.options[0]!.children[0]!;
const precision = produits.options[1]!.children[0]!;

describe('visit form tree', () => {
  it('shows children only when their option is chosen, at any depth', () => {
    let a: Answers = {};
    expect(visibleGroups(tree, a).map((x) => x.id)).toEqual(['objet', 'suite']);
    a = choose(tree, a, objet, 'devis', true);
    a = choose(tree, a, produits, 'autre', true);
    expect(visibleGroups(tree, a).map((x) => x.id)).toEqual(['objet', 'produits', 'precision', 'suite']);
  });

  it('drops answers of hidden children when a radio option changes', () => {
    let a: Answers = {};
    a = choose(tree, a, objet, 'devis', true);
    a = choose(tree, a, produits, 'autre', true);
    a = choose(tree, a, precision, 'b', true);
    expect(a).toEqual({ objet: 'devis', produits: ['autre'], precision: 'b' });
    a = choose(tree, a, objet, 'sav', true);
    expect(a).toEqual({ objet: 'sav' });
  });

  it('drops answers of hidden children when a checkbox option is unticked', () => {
    let a: Answers = { objet: 'devis' };
    a = choose(tree, a, produits, 'pneus', true);
    a = choose(tree, a, produits, 'autre', true);
    a = choose(tree, a, precision, 'a', true);
    a = choose(tree, a, produits, 'autre', false);
    expect(a).toEqual({ objet: 'devis', produits: ['pneus'] });
    a = choose(tree, a, produits, 'pneus', false);
    expect(a).toEqual({ objet: 'devis' });
  });

  it('keeps checkbox answers in option order', () => {
    let a: Answers = {};
    a = choose(tree, a, suite, 'rdv', true);
    a = choose(tree, a, suite, 'rappel', true);
    expect(a.suite).toEqual(['rappel', 'rdv']);
  });

  it('lists visible required groups without answer', () => {
    expect(missingRequired(tree, {})).toEqual(['objet']);
    expect(missingRequired(tree, { objet: 'devis' })).toEqual(['produits']);
    expect(missingRequired(tree, { objet: 'devis', produits: ['autre'] })).toEqual([]);
    expect(missingRequired(tree, { objet: 'sav' })).toEqual([]);
  });

  it('prunes unknown groups, unknown options and stale hidden answers', () => {
    expect(prune(tree, { objet: 'sav', produits: ['pneus'], ghost: 'x', suite: ['nope', 'rdv'] })).toEqual({
      objet: 'sav',
      suite: ['rdv'],
    });
  });
});
