// A drawn signature: pointer events (mouse, pen or finger on a tablet), saved as a PNG attachment of
// kind 'signature'. The latest saved signature is shown; signing again adds a newer one.
import { App, Button, Flex, Typography } from 'antd';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, invoke } from '../../../../api/transport';
import { thumbnailOf } from '../files';
import type { Attachment } from '../form';
import { useAttachmentContent } from './AttachmentList';
import { formatTime } from '../../../../ui/formatTime';

const PAD_W = 480;
const PAD_H = 160;

interface Props {
  caseId: string;
  itemKey: string;
  attachments: Attachment[];
  disabled: boolean;
  ariaLabel: string;
  onUploaded(att: Attachment): void;
}

function SavedSignature({ att }: { att: Attachment }) {
  const { t } = useTranslation();
  const content = useAttachmentContent(att, 'thumbnail');
  return (
    <Flex vertical gap={4} data-testid={`dd-signature-saved-${att.itemKey}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('ddEditor.signature.saved')} · {formatTime(att.createdAt)}
      </Typography.Text>
      <div style={{ width: 240, height: 80, border: '1px solid #f0f0f0', background: '#fff', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        {content?.url ? (
          <img src={content.url} alt={t('ddEditor.signature.saved')} style={{ maxWidth: '100%', maxHeight: '100%' }} />
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {att.available ? (content?.error ?? '…') : t('ddEditor.evidence.notHere')}
          </Typography.Text>
        )}
      </div>
    </Flex>
  );
}

export function SignaturePad({ caseId, itemKey, attachments, disabled, ariaLabel, onUploaded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [hasInk, setHasInk] = useState(false);
  const [saving, setSaving] = useState(false);
  const latest = [...attachments].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];

  // Backing store at device resolution so the line stays sharp on high-DPI tablets; white ground
  // so the PNG reads well on any viewer.
  const reset = () => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = PAD_W * ratio;
    canvas.height = PAD_H * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, PAD_W, PAD_H);
    ctx.lineWidth = 2.2;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    setHasInk(false);
  };

  useEffect(reset, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD_W, y: ((e.clientY - r.top) / r.height) * PAD_H };
  };

  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (disabled || saving) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    // A dot for a tap, so a short mark is not lost.
    ctx.lineTo(p.x + 0.1, p.y + 0.1);
    ctx.stroke();
    setHasInk(true);
  };

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };

  const onUp = (e: PointerEvent<HTMLCanvasElement>) => {
    drawing.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const save = async () => {
    const canvas = canvasRef.current;
    if (!canvas || !hasInk) return;
    setSaving(true);
    try {
      const url = canvas.toDataURL('image/png');
      const dataBase64 = url.slice(url.indexOf(',') + 1);
      const thumbnailBase64 = thumbnailOf(canvas, canvas.width, canvas.height);
      const fileName = `signature-${itemKey}.png`;
      const res = await invoke('dd.attach', {
        caseId,
        itemKey,
        kind: 'signature',
        fileName,
        mimeType: 'image/png',
        dataBase64,
        ...(thumbnailBase64 ? { thumbnailBase64 } : {}),
      });
      onUploaded({
        id: res.attachmentId,
        itemKey,
        kind: 'signature',
        fileName,
        mimeType: 'image/png',
        sizeBytes: Math.floor((dataBase64.length * 3) / 4),
        sha256: res.sha256,
        createdAt: new Date().toISOString(),
        available: true,
      });
      reset();
      void message.success(t('ddEditor.signature.saved'));
    } catch (err) {
      void message.error(t('ddEditor.signature.failed', { error: errorText(err) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex gap={16} wrap align="flex-start">
      {!disabled && (
        <Flex vertical gap={6}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ddEditor.signature.hint')}
          </Typography.Text>
          <canvas
            ref={canvasRef}
            tabIndex={0}
            role="img"
            aria-label={`${ariaLabel} — ${t('ddEditor.signature.canvas')}`}
            data-testid={`dd-signature-${itemKey}`}
            style={{ width: '100%', maxWidth: PAD_W, aspectRatio: `${PAD_W} / ${PAD_H}`, border: '1px dashed #bfbfbf', borderRadius: 4, touchAction: 'none', cursor: 'crosshair', background: '#fff' }}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
          />
          <Flex gap={8}>
            <Button size="small" onClick={reset} disabled={!hasInk || saving} data-testid={`dd-signature-clear-${itemKey}`}>
              {t('ddEditor.signature.clear')}
            </Button>
            <Button
              size="small"
              type="primary"
              loading={saving}
              disabled={!hasInk}
              onClick={() => void save()}
              data-testid={`dd-signature-save-${itemKey}`}
            >
              {t('ddEditor.signature.save')}
            </Button>
          </Flex>
        </Flex>
      )}
      {latest ? (
        <SavedSignature att={latest} />
      ) : (
        disabled && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ddEditor.signature.none')}
          </Typography.Text>
        )
      )}
    </Flex>
  );
}
