// Colored tags for delinquency bucket and five-category class, one color scale for the whole app so
// a glance at the grid and at a loan page reads the same: green healthy, through orange, to red.
import { Tag } from 'antd';
import { BUCKET_LABELS, FIVE_CLASS_LABELS } from '../../shared/i18n/labels';
import { FIVE_CLASS_VALUES } from '../../shared/api/schemas';
import { useLabel } from '../i18n/useLocale';

type Labels = Parameters<ReturnType<typeof useLabel>>[0];

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
export const FIVE_CLASS_RANK: Record<string, number> = Object.fromEntries(FIVE_CLASS_VALUES.map((c, rank) => [c, rank]));

/** A domain value as a tag in its colour on the scale, with its label in the user's language. */
function ScaleTag({ colors, labels, value, attrs }: { colors: Record<string, string>; labels: Labels; value: string; attrs: Record<`data-${string}`, string> }) {
  const lbl = useLabel();
  return (
    <Tag color={colors[value] ?? 'default'} {...attrs}>
      {lbl(labels, value)}
    </Tag>
  );
}

export function BucketTag({ value }: { value: string }) {
  return <ScaleTag colors={BUCKET_COLORS} labels={BUCKET_LABELS} value={value} attrs={{ 'data-bucket': value }} />;
}

export function FiveClassTag({ value }: { value: string }) {
  return <ScaleTag colors={CLASS_COLORS} labels={FIVE_CLASS_LABELS} value={value} attrs={{ 'data-class': value }} />;
}
