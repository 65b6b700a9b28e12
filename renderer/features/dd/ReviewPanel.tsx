// The supervisor's decision on a submitted case (maker-checker: the service lets only a supervisor
// who is not the case's officer decide, and only on the submission they reviewed). It sits after the
// case so the reviewer reads, then decides. Approving records the approved amount (at most the amount
// applied for) and any conditions, and asks for confirmation first; returning needs a comment.
import { CheckOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../shared/domain/money';
import { ApiCallError, errorText, invoke } from '../../api/transport';
import { useMoney } from '../../i18n/useLocale';
import { fieldsNamed, placeFieldErrors } from '../../ui/fieldErrors';
import { yuanAmountRule } from '../../ui/yuanAmountRule';

interface Props {
  caseId: string;
  /** The submission on screen; a decision on an older one is refused by the service. */
  submissionNo: number;
  /** The amount applied for, fen: the approved amount starts at it and may not exceed it. */
  requestedFen: number;
  onDecided(): void;
}

interface Values {
  approvedAmount?: string;
  conditions?: string;
  comment?: string;
}

/** The service's field paths and the form's field names. */
const FIELD_OF = fieldsNamed({ approvedAmountFen: 'approvedAmount', conditions: 'conditions', comment: 'comment' });

export const REVIEW_PANEL_ID = 'dd-review';

export function ReviewPanel({ caseId, submissionNo, requestedFen, onDecided }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const send = async (decision: 'approve' | 'return', v: Values) => {
    setBusy(decision);
    try {
      const comment = (v.comment ?? '').trim();
      await invoke(
        'dd.decide',
        decision === 'approve'
          ? { caseId, submissionNo, decision, comment, approvedAmountFen: parseYuan(v.approvedAmount ?? ''), conditions: (v.conditions ?? '').trim() }
          : { caseId, submissionNo, decision, comment },
      );
      void message.success(decision === 'approve' ? t('dd.review.approved') : t('dd.review.returned'));
      form.resetFields();
      onDecided();
    } catch (err) {
      // The officer resubmitted, withdrew, or another supervisor decided since this page was loaded.
      if (err instanceof ApiCallError && err.code === 'CONFLICT') setStale(true);
      else if (!placeFieldErrors(form, err, FIELD_OF).all) setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const approve = async () => {
    setError(null);
    let v: Values;
    try {
      v = await form.validateFields(['approvedAmount', 'conditions', 'comment']);
    } catch {
      return; // the fields say what is wrong
    }
    const conditions = (v.conditions ?? '').trim();
    modal.confirm({
      title: t('dd.review.confirmApproveTitle'),
      content: (
        <div data-testid="dd-approve-confirm">
          <div>{t('dd.review.confirmAmount', { amount: money(parseYuan(v.approvedAmount ?? '')), requested: money(requestedFen) })}</div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{conditions ? t('dd.review.confirmConditions', { conditions }) : t('dd.review.confirmNoConditions')}</div>
        </div>
      ),
      okText: t('dd.review.confirmApproveOk'),
      cancelText: t('dd.review.cancel'),
      okButtonProps: { 'data-testid': 'dd-approve-confirm-ok' },
      cancelButtonProps: { 'data-testid': 'dd-approve-confirm-cancel' },
      onOk: () => send('approve', v),
    });
  };

  const giveBack = async () => {
    setError(null);
    const comment = ((form.getFieldValue('comment') as string | undefined) ?? '').trim();
    if (!comment) {
      form.setFields([{ name: 'comment', errors: [t('dd.review.commentRequired')] }]);
      return;
    }
    await send('return', { comment });
  };

  return (
    <Card size="small" title={t('dd.review.title')} data-testid="dd-review" id={REVIEW_PANEL_ID}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('dd.review.hint')}</Typography.Text>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ approvedAmount: formatFen(requestedFen, 'en', { symbol: false }), conditions: '', comment: '' }}
          requiredMark={false}
        >
          <Form.Item
            name="approvedAmount"
            label={t('dd.review.approvedAmount')}
            extra={t('dd.review.approvedAmountHelp', { amount: money(requestedFen) })}
            rules={[
              { required: true, message: t('dd.review.amountRequired') },
              yuanAmountRule(t('dd.review.amountInvalid'), (fen) => fen > 0 && fen <= requestedFen, t('dd.review.amountAboveRequest', { amount: money(requestedFen) })),
            ]}
          >
            <Input suffix={t('dd.open.yuan')} inputMode="decimal" maxLength={20} className="num" style={{ maxWidth: 260 }} data-testid="dd-approved-amount" />
          </Form.Item>
          <Form.Item name="conditions" label={t('dd.review.conditions')}>
            <Input.TextArea rows={2} maxLength={2000} showCount placeholder={t('dd.review.conditionsPlaceholder')} data-testid="dd-conditions" />
          </Form.Item>
          <Form.Item name="comment" label={t('dd.review.comment')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('dd.review.commentPlaceholder')} data-testid="dd-comment" />
          </Form.Item>
        </Form>
        {stale && (
          <Alert
            type="error"
            showIcon
            title={t('dd.review.stale')}
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={onDecided} data-testid="dd-refresh">
                {t('dd.case.reload')}
              </Button>
            }
            data-testid="dd-stale"
          />
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="dd-decide-error" />}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={busy === 'approve'}
            disabled={busy !== null || stale}
            onClick={() => void approve()}
            data-testid="dd-approve"
          >
            {t('dd.review.approve')}
          </Button>
          <Button
            danger
            icon={<RollbackOutlined />}
            loading={busy === 'return'}
            disabled={busy !== null || stale}
            onClick={() => void giveBack()}
            data-testid="dd-return"
          >
            {t('dd.review.return')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
