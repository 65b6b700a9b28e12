// What every leaf widget gets: the same props whether it stands alone or sits in a repeat-group row.
import type { LeafAnswer, LeafItem } from '../../../../../shared/forms/template';
import type { Lang } from '../form';
import type { ChangeMode } from '../useAnswers';

export interface LeafWidgetProps {
  item: LeafItem;
  value: LeafAnswer | null | undefined;
  disabled: boolean;
  /** data-testid of the input: dd-input-<key>, or dd-input-<group>-<row>-<child> in a group row. */
  testId: string;
  lang: Lang;
  /** The item's label, for screen readers (the visible label sits above the widget). */
  ariaLabel: string;
  invalid: boolean;
  onChange(value: LeafAnswer | null, mode: ChangeMode): void;
  /** Leaving a text field: save what waits for a pause in typing. */
  onCommit(): void;
  /** Enter in a single-line field: move on to the next item. */
  onEnter(from: HTMLElement): void;
}
