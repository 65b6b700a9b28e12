// The files attached to one item: a thumbnail for images (the small preview stored with the file), a
// PDF icon otherwise, name and size. Clicking an image shows it in full.
import { FileImageOutlined, FilePdfOutlined, FileOutlined, LoadingOutlined } from '@ant-design/icons';
import { Flex, Modal, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, invoke } from '../../../../api/transport';
import { dataUrl } from '../files';
import { formatBytes, type Attachment } from '../form';

const THUMB_PX = 72;

// Thumbnails do not change (content-addressed), so one fetch per attachment per page load is enough.
const thumbCache = new Map<string, Promise<string>>();

function loadContent(id: string, variant: 'thumbnail' | 'full'): Promise<string> {
  const key = `${id}:${variant}`;
  let p = thumbCache.get(key);
  if (!p) {
    p = invoke('dd.attachmentContent', { attachmentId: id, variant }).then((c) => dataUrl(c.mimeType, c.dataBase64));
    // A failure is not remembered: the file may arrive with the next sync round.
    p.catch(() => thumbCache.delete(key));
    if (variant === 'thumbnail') thumbCache.set(key, p);
  }
  return p;
}

export function useAttachmentContent(att: Attachment | undefined, variant: 'thumbnail' | 'full') {
  const [state, setState] = useState<{ id: string; url: string | null; error: string | null } | null>(null);
  const id = att?.id;
  const wanted = !!att && att.available && att.mimeType.startsWith('image/');
  useEffect(() => {
    if (!id || !wanted) return;
    let live = true;
    loadContent(id, variant).then(
      (url) => live && setState({ id, url, error: null }),
      (err: unknown) => live && setState({ id, url: null, error: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [id, wanted, variant]);
  return state && state.id === id ? state : null;
}

function Thumb({ att, onOpen }: { att: Attachment; onOpen(): void }) {
  const { t } = useTranslation();
  const content = useAttachmentContent(att, 'thumbnail');
  const box = {
    width: THUMB_PX,
    height: THUMB_PX,
    border: '1px solid #f0f0f0',
    borderRadius: 4,
    background: '#fafafa',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    flexShrink: 0,
  } as const;
  if (att.mimeType === 'application/pdf') {
    return (
      <div style={box}>
        <FilePdfOutlined style={{ fontSize: 32, color: '#cf1322' }} />
      </div>
    );
  }
  if (!att.mimeType.startsWith('image/')) {
    return (
      <div style={box}>
        <FileOutlined style={{ fontSize: 32 }} />
      </div>
    );
  }
  if (!att.available || content?.error) {
    return (
      <Tooltip title={content?.error ?? t('ddEditor.evidence.notHere')}>
        <div style={box}>
          <FileImageOutlined style={{ fontSize: 28, color: '#bfbfbf' }} />
        </div>
      </Tooltip>
    );
  }
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-label={t('ddEditor.evidence.preview', { name: att.fileName })}
      style={{ ...box, padding: 0, cursor: 'zoom-in' }}
    >
      {content?.url ? (
        <img src={content.url} alt={att.fileName} style={{ maxWidth: '100%', maxHeight: '100%' }} />
      ) : (
        <Spin indicator={<LoadingOutlined />} size="small" />
      )}
    </button>
  );
}

function FullImage({ att }: { att: Attachment }) {
  const content = useAttachmentContent(att, 'full');
  if (!content) return <Spin />;
  if (content.error) return <Typography.Text type="danger">{content.error}</Typography.Text>;
  return <img src={content.url ?? undefined} alt={att.fileName} style={{ maxWidth: '100%' }} />;
}

export interface Uploading {
  uid: string;
  name: string;
  size: number;
}

interface Props {
  itemKey: string;
  attachments: Attachment[];
  uploading?: Uploading[];
}

export function AttachmentList({ itemKey, attachments, uploading = [] }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Attachment | null>(null);
  if (attachments.length === 0 && uploading.length === 0) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('ddEditor.evidence.none')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid={`dd-attachments-${itemKey}`}>
      {attachments.map((a) => (
        <Flex key={a.id} gap={8} align="center" style={{ width: 260 }} data-testid={`dd-attachment-${itemKey}`} data-name={a.fileName}>
          <Thumb att={a} onOpen={() => setOpen(a)} />
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis={{ tooltip: a.fileName }} style={{ fontSize: 13 }}>
              {a.fileName}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatBytes(a.sizeBytes)}
            </Typography.Text>
            {!a.available && (
              <Tag color="default" style={{ marginTop: 2, width: 'fit-content' }}>
                {t('ddEditor.evidence.notHere')}
              </Tag>
            )}
          </Flex>
        </Flex>
      ))}
      {uploading.map((u) => (
        <Flex key={u.uid} gap={8} align="center" style={{ width: 260 }} data-testid={`dd-uploading-${itemKey}`}>
          <div style={{ width: THUMB_PX, height: THUMB_PX, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <Spin />
          </div>
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis style={{ fontSize: 13 }}>
              {u.name}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ddEditor.evidence.uploading')} · {formatBytes(u.size)}
            </Typography.Text>
          </Flex>
        </Flex>
      ))}
      <Modal open={!!open} title={open?.fileName} footer={null} width={900} onCancel={() => setOpen(null)} destroyOnHidden>
        {open && <FullImage att={open} />}
      </Modal>
    </Flex>
  );
}
