// Colored tags for delinquency bucket and five-category class, one color scale for the whole app so
// a glance at the grid and at a loan page reads the same: green healthy, through orange, to red.
import { Tag } from 'antd';
import { BUCKET_LABELS, FIVE_CLASS_LABELS } from '../../shared/i18n/labels';
import { useLabel } from '../i18n/useLocale';

const BUCKET_COLORS: Record<string, string> = {
  current: 'green',
  M1: 'gold',
  M2: 'orange',
  M3: 'volcano',
  M4: 'red',
  M5: 'red',
  M6: 'red',
  'M7+': 'magenta',
};

const CLASS_COLORS: Record<string, string> = {
  normal: 'green',
  special_mention: 'gold',
  substandard: 'orange',
  doubtful: 'red',
  loss: 'magenta',
};

/** Rank of a five-category class, worst last; used to compare a confirmed class with its floor. */
export const FIVE_CLASS_RANK: Record<string, number> = {
  normal: 0,
  special_mention: 1,
  substandard: 2,
  doubtful: 3,
  loss: 4,
};

export function BucketTag({ value }: { value: string }) {
  const lbl = useLabel();
  return (
    <Tag color={BUCKET_COLORS[value] ?? 'default'} data-bucket={value}>
      {lbl(BUCKET_LABELS, value)}
    </Tag>
  );
}

export function FiveClassTag({ value }: { value: string }) {
  const lbl = useLabel();
  return (
    <Tag color={CLASS_COLORS[value] ?? 'default'} data-class={value}>
      {lbl(FIVE_CLASS_LABELS, value)}
    </Tag>
  );
}
