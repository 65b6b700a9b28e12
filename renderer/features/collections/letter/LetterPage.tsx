// A collection letter (催收通知函 / 最后催收通知函) for one loan, filled from the collection screen's
// figures and printed on A4 without the app's frame. The letter goes to a Chinese borrower, so its
// text is always the zh-CN template, whatever language the screen is in; the buttons follow the UI.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/api/schemas';
import { formatFen } from '../../../../shared/domain/money';
import { invoke } from '../../../api/transport';
import { goBack } from '../../../app/router';
import { PrintView, PrintViewLoading, useDocumentData, usePrintTitle } from '../../../ui/PrintView';
import { allowedLetter, isLetterKind } from '../common';
import './letter.css';

export function LetterPage({ loanId, kind, user }: { loanId: string; kind: string; user: SessionUser }) {
  const { t, i18n } = useTranslation();
  const { data, error } = useDocumentData(() => invoke('collections.loan', { loanId }), loanId);
  usePrintTitle(
    data && isLetterKind(kind) ? `${i18n.getFixedT('zh-CN')(`collections.letter.${kind}.title`)}-${data.loan.customerName}-${data.loan.loanNo}` : null,
  );

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => goBack({ name: 'collectionLoan', loanId })} data-testid="col-letter-back">
      {t('collections.loan.back')}
    </Button>
  );

  if (!isLetterKind(kind)) {
    return <Result status="warning" title={t('collections.letter.unknownKind', { kind })} extra={back} data-testid="col-letter" data-ready="0" />;
  }
  if (!data) {
    return <PrintViewLoading testId="col-letter" error={error} errorTitle={t('collections.loan.loadFailed')} back={back} />;
  }
  const letter = allowedLetter(kind, data);
  if (!letter) {
    return <Result status="warning" title={t(`collections.letter.notYet.${kind}`)} extra={back} data-testid="col-letter" data-ready="0" />;
  }

  const zh = i18n.getFixedT('zh-CN');
  const d = data.delinquency;
  const zhDate = (date: string) => dayjs(date).format(zh('collections.letter.dateFormat'));
  const yuan = (fen: number) => zh('collections.letter.amount', { amount: formatFen(fen, 'zh-CN', { symbol: false }) });
  const vars = {
    name: data.loan.customerName,
    loanNo: data.loan.loanNo,
    dpd: d.dpd,
    asOf: zhDate(data.asOf),
    days: letter.replyDays,
    total: yuan(d.totalToCure),
  };
  const rows: [string, number][] = [
    [zh('collections.loan.overduePrincipal'), d.overduePrincipal],
    [zh('collections.loan.overdueInterest'), d.overdueInterest],
    [zh('collections.loan.penaltyInterest'), d.penaltyInterest],
  ];
  const paragraphs = zh(`collections.letter.${kind}.body`, { ...vars, returnObjects: true }) as unknown;

  return (
    <PrintView
      testId="col-letter"
      sheetClassName="col-letter-sheet"
      back={back}
      printLabel={t('collections.letter.print')}
      printTestId="col-letter-print"
      attrs={{ 'data-kind': kind }}
    >
      {kind === 'final' && <div className="col-letter-draft print-noprint">{t('collections.letter.draftNote')}</div>}
      <h1>{zh(`collections.letter.${kind}.title`)}</h1>
      <div className="col-letter-no">{zh('collections.letter.number', { no: `${data.loan.loanNo}-${data.asOf.replace(/-/g, '')}` })}</div>
      <p className="col-letter-to">{zh('collections.letter.to', vars)}</p>
      <p>{zh(`collections.letter.${kind}.opening`, vars)}</p>
      <table>
        <tbody>
          {rows.map(([label, fen]) => (
            <tr key={label}>
              <td>{label}</td>
              <td className="col-letter-amount">{yuan(fen)}</td>
            </tr>
          ))}
          <tr className="col-letter-total">
            <td>{zh('collections.loan.totalToCure')}</td>
            <td className="col-letter-amount" data-testid="col-letter-total">
              {vars.total}
            </td>
          </tr>
        </tbody>
      </table>
      {Array.isArray(paragraphs) && paragraphs.map((text, i) => <p key={i}>{String(text)}</p>)}
      <div className="col-letter-sign">
        <div data-testid="col-letter-branch">{user.branchName}</div>
        <div>{zhDate(data.asOf)}</div>
      </div>
    </PrintView>
  );
}
