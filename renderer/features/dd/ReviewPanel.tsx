// The supervisor's decision on a submitted case (maker-checker: the service lets only a supervisor
// who is not the case's officer decide, and only on the submission they reviewed).
import { CheckOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError, errorText, invoke } from '../../api/transport';

interface Props {
  caseId: string;
  /** The submission on screen; a decision on an older one is refused by the service. */
  submissionNo: number;
  onDecided(): void;
}

// Approving is the way forward (primary); returning sends the case back to the officer (red).
const DECISIONS = [
  { decision: 'approve', icon: <CheckOutlined />, look: { type: 'primary' }, testId: 'dd-approve' },
  { decision: 'return', icon: <RollbackOutlined />, look: { danger: true }, testId: 'dd-return' },
] as const;

export function ReviewPanel({ caseId, submissionNo, onDecided }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const decide = async (decision: 'approve' | 'return') => {
    setError(null);
    if (decision === 'return' && !comment.trim()) {
      setCommentError(t('dd.review.commentRequired'));
      return;
    }
    setBusy(decision);
    try {
      await invoke('dd.decide', { caseId, submissionNo, decision, comment: comment.trim() });
      void message.success(decision === 'approve' ? t('dd.review.approved') : t('dd.review.returned'));
      setComment('');
      onDecided();
    } catch (err) {
      // The officer resubmitted, withdrew, or another supervisor decided since this page was loaded.
      if (err instanceof ApiCallError && err.code === 'CONFLICT') setStale(true);
      else if (err instanceof ApiCallError && err.fields?.['comment']) setCommentError(err.fields['comment']);
      else setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t('dd.review.title')} data-testid="dd-review">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('dd.review.hint')}</Typography.Text>
        <div>
          <Input.TextArea
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              setCommentError(null);
            }}
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('dd.review.commentPlaceholder')}
            aria-label={t('dd.review.comment')}
            status={commentError ? 'error' : undefined}
            data-testid="dd-comment"
          />
          {commentError && (
            <Typography.Text type="danger" data-testid="dd-comment-error">
              {commentError}
            </Typography.Text>
          )}
        </div>
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
          {DECISIONS.map(({ decision, icon, look, testId }) => (
            <Button
              key={decision}
              {...look}
              icon={icon}
              loading={busy === decision}
              disabled={busy !== null || stale}
              onClick={() => void decide(decision)}
              data-testid={testId}
            >
              {t(`dd.review.${decision}`)}
            </Button>
          ))}
        </Flex>
      </Flex>
    </Card>
  );
}
