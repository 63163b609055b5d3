// Pure logic of the visit form tree: which groups are visible, pruning hidden answers, required checks.
import type { Answer } from './bindings/Answer';
import type { FormGroup } from './bindings/FormGroup';

/** Answers keyed by group id: a radio group holds one option id, a checkbox group a list. */
export type Answers = Record<string, Answer>;

/** What « Visite ce jour » sends, for a client or a prospect alike. */
export type VisitValues = { visit_date: string; visit_time: string | null; comment: string; answers: Answers };

export function selectedIds(answer: Answer | undefined): string[] {
  if (answer === undefined) return [];
  return typeof answer === 'string' ? (answer ? [answer] : []) : answer;
}

export function isSelected(answers: Answers, groupId: string, optionId: string): boolean {
  return selectedIds(answers[groupId]).includes(optionId);
}

/** Every group currently shown: top-level groups plus children of selected options, at any depth. */
export function visibleGroups(groups: FormGroup[], answers: Answers): FormGroup[] {
  const out: FormGroup[] = [];
  const walk = (gs: FormGroup[]) => {
    for (const g of gs) {
      out.push(g);
      for (const o of g.options) if (isSelected(answers, g.id, o.id)) walk(o.children);
    }
  };
  walk(groups);
  return out;
}

/** Keeps only answers of visible groups that name existing options; drops empty ones. */
export function prune(groups: FormGroup[], answers: Answers): Answers {
  const out: Answers = {};
  const walk = (gs: FormGroup[]) => {
    for (const g of gs) {
      const valid = selectedIds(answers[g.id]).filter((id) => g.options.some((o) => o.id === id));
      if (valid.length === 0) continue;
      out[g.id] = g.kind === 'radio' ? (valid[0] as string) : valid;
      for (const o of g.options) if (valid.includes(o.id)) walk(o.children);
    }
  };
  walk(groups);
  return out;
}

/** The answers after ticking (or unticking) one option; answers of children that become hidden are dropped. */
export function choose(
  groups: FormGroup[],
  answers: Answers,
  group: FormGroup,
  optionId: string,
  checked: boolean,
): Answers {
  const next: Answers = { ...answers };
  if (group.kind === 'radio') {
    if (checked) next[group.id] = optionId;
    else if (next[group.id] === optionId) delete next[group.id];
  } else {
    const current = selectedIds(next[group.id]).filter((id) => id !== optionId);
    if (checked) current.push(optionId);
    const order = group.options.map((o) => o.id);
    current.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    next[group.id] = current;
  }
  return prune(groups, next);
}

/** Ids of visible required groups with no answer. */
export function missingRequired(groups: FormGroup[], answers: Answers): string[] {
  return visibleGroups(groups, answers)
    .filter((g) => g.required && selectedIds(answers[g.id]).length === 0)
    .map((g) => g.id);
}

/** Every group id anywhere in the tree (to tell a group's error from a general one). */
export function allGroupIds(groups: FormGroup[]): Set<string> {
  const ids = new Set<string>();
  const walk = (gs: FormGroup[]) => {
    for (const g of gs) {
      ids.add(g.id);
      for (const o of g.options) walk(o.children);
    }
  };
  walk(groups);
  return ids;
}
