// Per-agent chart: right-party and kept rates as bars (left axis, %), amount recovered as a line
// (right axis, 元). Shown together because DOMAIN.md forbids appraising on money recovered alone.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../shared/domain/money';
import { useLocale } from '../../../i18n/useLocale';
import type { KpiRow } from './kpiFormat';

interface Point {
  name: string;
  rightParty: number | null;
  kept: number | null;
  /** Yuan as a plotting coordinate only; labels are formatted from `recoveredFen`. */
  recovered: number;
  recoveredFen: number;
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export function KpiChart({ rows }: { rows: KpiRow[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const points: Point[] = rows.map((r) => ({
    name: r.name,
    rightParty: pct(r.rightPartyRate),
    kept: pct(r.keptRate),
    // A chart axis needs a number; the integer division keeps the plotted value exact to the yuan.
    recovered: Math.trunc(r.recovered / 100),
    recoveredFen: r.recovered,
  }));
  const names = {
    rightParty: t('collections.kpi.col.rightPartyRate'),
    kept: t('collections.kpi.col.keptRate'),
    recovered: t('collections.kpi.col.recovered'),
  };
  return (
    <div data-testid="col-kpi-chart" data-points={points.length} style={{ width: '100%', height: 320 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis yAxisId="rate" domain={[0, 100]} unit="%" />
          <YAxis yAxisId="money" orientation="right" tickFormatter={(v: number) => v.toLocaleString()} />
          <Tooltip
            formatter={(value, name, item) => {
              const p = (item as { payload?: Point } | undefined)?.payload;
              if (name === names.recovered && p) return formatFen(p.recoveredFen, locale);
              return value === null || value === undefined ? '—' : `${String(value)}%`;
            }}
          />
          <Legend />
          <Bar yAxisId="rate" dataKey="rightParty" name={names.rightParty} fill="#1f5fa8" isAnimationActive={false} />
          <Bar yAxisId="rate" dataKey="kept" name={names.kept} fill="#52c41a" isAnimationActive={false} />
          <Line yAxisId="money" type="monotone" dataKey="recovered" name={names.recovered} stroke="#fa8c16" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
