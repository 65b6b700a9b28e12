// The user's saved views of the portfolio: a button that opens them in a dialog to apply, overwrite
// with what the page shows now, delete (each change confirmed) or save the current state under a name.
// Kept by the service in the user's preferences, so they follow the user across restarts.
import { AppstoreOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, List, Modal, Popconfirm, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_VIEW_NAME, type PortfolioView, type SavedPortfolioView } from '../../../shared/api/portfolioViewSchemas';
import { errorText, invoke } from '../../api/transport';
import { fieldsNamed, placeFieldErrors } from '../../ui/fieldErrors';
import { formatTime } from '../../ui/formatTime';

interface Props {
  /** What the page shows now, as a view to save. */
  current(): PortfolioView | null;
  onApply(view: SavedPortfolioView): void;
}

const NAME_FIELD = fieldsNamed(new Set(['name']));

export function SavedViews({ current, onApply }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [views, setViews] = useState<SavedPortfolioView[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  useEffect(() => {
    if (!open) return;
    invoke('portfolio.views', {})
      .then((out) => setViews(out.views))
      .catch((err: unknown) => void message.error(t('portfolio.viewsLoadFailed', { msg: errorText(err) })));
  }, [open, message, t]);

  const save = async (name: string, overwrite: boolean): Promise<boolean> => {
    const view = current();
    if (!view) return false;
    setBusy(true);
    try {
      const out = await invoke('portfolio.saveView', { name, view, overwrite });
      setViews(out.views);
      void message.success(t('portfolio.viewSaved', { name: name.trim() }));
      return true;
    } catch (err) {
      if (!placeFieldErrors(form, err, NAME_FIELD).all) void message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const remove = async (name: string) => {
    try {
      setViews((await invoke('portfolio.deleteView', { name })).views);
      void message.success(t('portfolio.viewDeleted', { name }));
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const onSaveNew = async ({ name = '' }: { name?: string }) => {
    const taken = views.some((v) => v.name === name.trim());
    if (taken) {
      // The same name replaces the view only once the user says so.
      const confirmed = await modal.confirm({
        title: t('portfolio.viewOverwriteConfirm', { name: name.trim() }),
        okText: t('portfolio.viewOverwrite'),
        cancelText: t('portfolio.cancel'),
      });
      if (!confirmed) return;
    }
    if (await save(name, taken)) form.resetFields();
  };

  return (
    <>
      <Button icon={<AppstoreOutlined />} onClick={() => setOpen(true)} data-testid="portfolio-views">
        {t('portfolio.views')}
      </Button>
      <Modal
        open={open}
        title={t('portfolio.viewsTitle')}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
        width={560}
      >
        <Typography.Paragraph type="secondary">{t('portfolio.viewsIntro')}</Typography.Paragraph>
        <List
          size="small"
          bordered
          dataSource={views}
          locale={{ emptyText: t('portfolio.viewsEmpty') }}
          data-testid="views-list"
          renderItem={(v) => (
            <List.Item
              data-testid="saved-view"
              data-name={v.name}
              actions={[
                <Button
                  key="apply"
                  size="small"
                  type="primary"
                  onClick={() => {
                    onApply(v);
                    setOpen(false);
                    void message.success(t('portfolio.viewApplied', { name: v.name }));
                  }}
                  data-testid="view-apply"
                >
                  {t('portfolio.viewApply')}
                </Button>,
                <Popconfirm
                  key="overwrite"
                  title={t('portfolio.viewOverwriteConfirm', { name: v.name })}
                  okText={t('portfolio.viewOverwrite')}
                  cancelText={t('portfolio.cancel')}
                  onConfirm={() => save(v.name, true)}
                >
                  <Button size="small" data-testid="view-overwrite">
                    {t('portfolio.viewOverwrite')}
                  </Button>
                </Popconfirm>,
                <Popconfirm
                  key="delete"
                  title={t('portfolio.viewDeleteConfirm', { name: v.name })}
                  okText={t('portfolio.viewDelete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('portfolio.cancel')}
                  onConfirm={() => remove(v.name)}
                >
                  <Button size="small" danger data-testid="view-delete">
                    {t('portfolio.viewDelete')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis={{ tooltip: v.name }}>
                  {v.name}
                </Typography.Text>
                <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>
                  {t('portfolio.viewSavedOn', { d: formatTime(v.savedAt) })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        <Form form={form} layout="vertical" onFinish={(v) => void onSaveNew(v)} style={{ marginTop: 16 }} requiredMark={false}>
          {/* The name is checked by the service, whose message shows under the field. */}
          <Form.Item name="name" label={t('portfolio.viewName')}>
            <Input maxLength={MAX_VIEW_NAME} placeholder={t('portfolio.viewNamePlaceholder')} data-testid="view-name" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="view-save">
            {t('portfolio.viewSave')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
