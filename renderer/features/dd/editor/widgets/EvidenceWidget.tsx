// Evidence items: pick or drop images and PDFs; each file is checked here (type, size: policy dd), read as
// base64 with a JPEG preview for images, and sent through dd.attach. The service checks again; its
// refusal is shown next to the file's name.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Flex, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormItem } from '../../../../../shared/forms/template';
import { errorText, invoke } from '../../../../api/transport';
import { usePolicies } from '../../../../app/policies';
import { fileProblem, imageThumbnail, limitMb, readBase64 } from '../files';
import type { Attachment } from '../form';
import { AttachmentList, type Uploading } from './AttachmentList';

interface Props {
  caseId: string;
  item: Extract<FormItem, { kind: 'evidence' }>;
  attachments: Attachment[];
  disabled: boolean;
  ariaLabel: string;
  onUploaded(att: Attachment): void;
}

let uidSeq = 0;

export function EvidenceWidget({ caseId, item, attachments, disabled, ariaLabel, onUploaded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState(item.attachmentKinds[0] ?? 'other');
  const [uploading, setUploading] = useState<Uploading[]>([]);
  const [failures, setFailures] = useState<{ uid: string; text: string }[]>([]);
  const limits = usePolicies()?.dd ?? null;

  const kindLabel = (k: string) => t(`ddEditor.kinds.${k}`, { defaultValue: k });

  const upload = async (file: File) => {
    const uid = `u${++uidSeq}`;
    const problem = limits ? fileProblem(file, limits) : null;
    if (problem && limits) {
      const text = t(`ddEditor.evidence.${problem}`, { name: file.name, mb: limitMb(limits) });
      setFailures((f) => [...f, { uid, text }]);
      void message.error(text);
      return;
    }
    setUploading((u) => [...u, { uid, name: file.name, size: file.size }]);
    try {
      const [dataBase64, thumbnailBase64] = await Promise.all([readBase64(file), imageThumbnail(file)]);
      const res = await invoke('dd.attach', {
        caseId,
        itemKey: item.key,
        kind,
        fileName: file.name,
        mimeType: file.type,
        dataBase64,
        ...(thumbnailBase64 ? { thumbnailBase64 } : {}),
      });
      onUploaded({
        id: res.attachmentId,
        itemKey: item.key,
        kind,
        fileName: file.name,
        mimeType: file.type,
        sizeBytes: file.size,
        sha256: res.sha256,
        createdAt: new Date().toISOString(),
        available: true,
      });
      void message.success(t('ddEditor.evidence.uploaded', { name: file.name }));
    } catch (err) {
      const text = t('ddEditor.evidence.failed', { name: file.name, error: errorText(err) });
      setFailures((f) => [...f, { uid, text }]);
    } finally {
      setUploading((u) => u.filter((x) => x.uid !== uid));
    }
  };

  return (
    <Flex vertical gap={8}>
      {!disabled && (
        <>
          {item.attachmentKinds.length > 1 && (
            <Flex gap={8} align="center">
              <Typography.Text type="secondary">{t('ddEditor.evidence.kind')}</Typography.Text>
              <Select
                size="small"
                value={kind}
                style={{ minWidth: 160 }}
                data-testid={`dd-kind-${item.key}`}
                options={item.attachmentKinds.map((k) => ({ value: k, label: kindLabel(k) }))}
                onChange={setKind}
              />
            </Flex>
          )}
          <Upload.Dragger
            accept={limits?.allowedMimeTypes.join(',')}
            multiple
            fileList={[]}
            showUploadList={false}
            aria-label={ariaLabel}
            data-testid={`dd-file-${item.key}`}
            // Upload never posts anything itself: the file goes through the API like every other call.
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            {/* One compact row: a checklist has many evidence items, and tall drop zones would bury the form. */}
            <Flex align="center" justify="center" gap={12} style={{ padding: '0 12px' }}>
              <InboxOutlined style={{ fontSize: 28, color: '#1f5fa8' }} />
              <Flex vertical align="flex-start">
                <Typography.Text>{t('ddEditor.evidence.drop')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="dd-file-hint">
                  {limits ? t('ddEditor.evidence.hint', { mb: limitMb(limits) }) : null}
                </Typography.Text>
              </Flex>
            </Flex>
          </Upload.Dragger>
        </>
      )}
      {failures.map((f) => (
        <Alert
          key={f.uid}
          type="error"
          showIcon
          closable={{ onClose: () => setFailures((list) => list.filter((x) => x.uid !== f.uid)) }}
          title={f.text}
          data-testid={`dd-file-error-${item.key}`}
        />
      ))}
      <AttachmentList itemKey={item.key} attachments={attachments} uploading={uploading} />
    </Flex>
  );
}
