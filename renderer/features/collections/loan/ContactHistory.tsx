// The loan's contact log, newest first. Append-only: an entry that was corrected stays, struck
// through and tagged, next to the correcting entry — records are kept (DOMAIN.md: at least 2 years).
import { Button, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { BLOCKED, formatDuration, useCodeText, useOutcomeLabel, useWithRelation, type ContactEntry } from '../common';
import { formatTime } from '../../../ui/formatTime';
import { MUTED_TEXT } from '../../../ui/theme';

interface Props {
  contacts: ContactEntry[];
  canCorrect: boolean;
  onCorrect(entry: ContactEntry): void;
}

export function ContactHistory({ contacts, canCorrect, onCorrect }: Props) {
  const { t } = useTranslation();
  const code = useCodeText();
  const outcomeLabel = useOutcomeLabel();
  const withRelation = useWithRelation();
  const rows = [...contacts].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  const struck = (e: ContactEntry) =>
    e.correctedById ? { textDecoration: 'line-through', color: MUTED_TEXT } : e.outcome === BLOCKED ? { color: MUTED_TEXT } : undefined;

  const columns: ColumnsType<ContactEntry> = [
    { key: 'time', title: t('collections.history.time'), width: 140, render: (_v, e) => <span style={struck(e)}>{formatTime(e.startedAt)}</span> },
    { key: 'channel', title: t('collections.history.channel'), width: 70, render: (_v, e) => <span style={struck(e)}>{code('channels', e.channel)}</span> },
    {
      key: 'party',
      title: t('collections.history.party'),
      width: 110,
      render: (_v, e) => (
        <span style={struck(e)}>
          {withRelation(code('parties', e.party), e.partyRelation)}
        </span>
      ),
    },
    { key: 'address', title: t('collections.history.address'), width: 130, render: (_v, e) => <span className="num" style={struck(e)}>{e.addressMasked ?? ''}</span> },
    {
      key: 'outcome',
      title: t('collections.history.outcome'),
      width: 170,
      render: (_v, e) => (
        <>
          <span style={struck(e)}>{outcomeLabel(e.outcome)}</span>
          {e.correctedById && (
            <Tag color="default" style={{ marginInlineStart: 4 }} data-testid={`col-history-corrected-${e.id}`}>
              {t('collections.history.corrected')}
            </Tag>
          )}
          {e.correctsId && (
            <Tag color="orange" style={{ marginInlineStart: 4 }}>
              {t('collections.history.correction')}
            </Tag>
          )}
          {e.complaint && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {t('collections.history.complaint')}
            </Tag>
          )}
          {e.overrideIds.length > 0 && (
            <Tag color="purple" style={{ marginInlineStart: 4 }}>
              {t('collections.history.override')}
            </Tag>
          )}
        </>
      ),
    },
    { key: 'duration', title: t('collections.history.duration'), width: 70, align: 'right', render: (_v, e) => <span className="num">{formatDuration(e.durationSeconds)}</span> },
    { key: 'note', title: t('collections.history.note'), render: (_v, e) => <span style={{ ...struck(e), whiteSpace: 'pre-wrap' }}>{e.note ?? ''}</span> },
    { key: 'collector', title: t('collections.history.collector'), width: 90, render: (_v, e) => e.collectorName ?? '' },
  ];
  if (canCorrect) {
    columns.push({
      key: 'actions',
      title: '',
      width: 70,
      render: (_v, e) =>
        e.correctedById || e.outcome === 'cleared_by_supervisor' || e.outcome === BLOCKED ? null : (
          <Button size="small" type="link" onClick={() => onCorrect(e)} data-testid={`col-history-correct-${e.id}`}>
            {t('collections.history.correct')}
          </Button>
        ),
    });
  }

  return (
    <div data-testid="col-history" data-count={rows.length}>
      <Table<ContactEntry>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('collections.history.empty')}</Typography.Text> }}
        onRow={(e) =>
          ({
            'data-testid': `col-history-row-${e.id}`,
            'data-outcome': e.outcome,
            'data-corrected': e.correctedById ? '1' : '0',
            'data-started-at': e.startedAt,
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}
