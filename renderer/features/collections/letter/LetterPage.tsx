// A collection letter (催收通知函 / 最后催收通知函) for one loan, filled from the collection screen's
// figures and printed on A4 without the app's frame. The letter goes to a Chinese borrower, so its
// text is always the zh-CN template, whatever language the screen is in; the buttons follow the UI.
// It names the branch with its contact line (from the branch row), leaves a place for the seal, and
// reminds the borrower of a promise to pay still pending (the latest one made).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api/contract';
import { formatFen } from '../../../../shared/domain/money';
import { invoke } from '../../../api/transport';
import { goBack } from '../../../app/router';
import { PrintView, PrintViewLoading, useDocumentData, usePrintTitle } from '../../../ui/PrintView';
import { allowedLetter, isLetterKind } from '../common';
import './letter.css';

type PromiseToPay = OutputOf<'collections.loan'>['promises'][number];

/** Made later: by the day it was made, then by its id (UUIDv7, made on the device in time order). */
function madeLater(a: PromiseToPay, b: PromiseToPay): boolean {
  return a.madeOn === b.madeOn ? a.id > b.id : a.madeOn > b.madeOn;
}

/** The promise to pay still waiting on its date, the most recently made one if several. */
function pendingPromise(promises: readonly PromiseToPay[]): PromiseToPay | null {
  return promises.filter((p) => p.status === 'pending').reduce<PromiseToPay | null>((latest, p) => (!latest || madeLater(p, latest) ? p : latest), null);
}

export function LetterPage({ loanId, kind }: { loanId: string; kind: string }) {
  const { t, i18n } = useTranslation();
  const { data: both, error } = useDocumentData(
    () => Promise.all([invoke('collections.loan', { loanId }), invoke('branch.letterhead', {})]),
    loanId,
  );
  const [data, branch] = both ?? [null, null];
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
  if (!data || !branch) {
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
  const promise = pendingPromise(data.promises);

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
      {promise && (
        <p data-testid="col-letter-promise">
          {zh('collections.letter.promise', { madeOn: zhDate(promise.madeOn), date: zhDate(promise.promisedOn), amount: yuan(promise.amount) })}
        </p>
      )}
      {Array.isArray(paragraphs) && paragraphs.map((text, i) => <p key={i}>{String(text)}</p>)}
      {!branch.phone && !branch.address && (
        <Alert className="print-noprint" type="warning" showIcon title={t('collections.letter.noContact')} data-testid="col-letter-no-contact" />
      )}
      <div className="col-letter-contact" data-testid="col-letter-contact">
        {branch.phone ? (
          <div>{zh('collections.letter.contactPhone', { phone: branch.phone })}</div>
        ) : (
          <div>
            {zh('collections.letter.contactBlank')}
            <span className="col-letter-blank" />
          </div>
        )}
        {branch.address && <div>{zh('collections.letter.contactAddress', { address: branch.address })}</div>}
      </div>
      <div className="col-letter-sign">
        <div className="col-letter-seal" data-testid="col-letter-seal">
          {zh('collections.letter.seal')}
        </div>
        <div data-testid="col-letter-branch">{branch.nameZh}</div>
        <div>{zhDate(data.asOf)}</div>
      </div>
    </PrintView>
  );
}
