// The section navigator: visible sections with how many of their requirements are met; a click
// scrolls there. Counts come from the live evaluation, so they move as the officer answers.
import { CheckCircleFilled } from '@ant-design/icons';
import { Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormEvaluation } from '../../../../shared/forms';
import { scrollToSection } from './focus';
import { isRequiredItem, pick, type Lang, type ParsedTemplate } from './form';
import { sectionState } from './sectionState';

export interface SectionProgress {
  key: string;
  title: string;
  done: number;
  total: number;
}

/** Per visible section: its requirements (required items and any item with a problem) and those met. */
export function sectionProgress(parsed: ParsedTemplate, ev: FormEvaluation, lang: Lang): SectionProgress[] {
  const missingKeys = new Set(ev.missing.map((m) => m.key));
  return parsed.template.body.sections
    .filter((s) => ev.visibleSections.has(s.key))
    .map((s) => {
      let total = 0;
      let done = 0;
      for (const item of s.items) {
        if (!ev.visibleItems.has(item.key)) continue;
        const counts = isRequiredItem(item) || missingKeys.has(item.key);
        if (!counts) continue;
        total++;
        if (!missingKeys.has(item.key)) done++;
      }
      return { key: s.key, title: pick(s.title, lang), done, total };
    });
}

export function SectionNav({ sections }: { sections: SectionProgress[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('ddEditor.sections')} data-testid="dd-section-nav">
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 6 }}>
        {t('ddEditor.sections')}
      </Typography.Text>
      <Flex vertical gap={2}>
        {sections.map((s) => {
          const state = sectionState(s);
          const complete = state === 'complete';
          const pct = s.total === 0 ? 0 : Math.floor((s.done * 100) / s.total);
          return (
            <button
              key={s.key}
              type="button"
              onClick={() => scrollToSection(s.key)}
              data-testid={`dd-nav-${s.key}`}
              data-done={s.done}
              data-total={s.total}
              data-state={state}
              style={{
                textAlign: 'start',
                background: 'transparent',
                border: 'none',
                borderRadius: 4,
                padding: '6px 8px',
                cursor: 'pointer',
                font: 'inherit',
              }}
              className="dd-nav-btn"
            >
              <Flex justify="space-between" gap={6} align="center">
                <Typography.Text ellipsis style={{ fontSize: 13, maxWidth: 130 }}>
                  {s.title}
                </Typography.Text>
                {complete ? (
                  <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('ddEditor.sectionDone')} />
                ) : state === 'optional' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('ddEditor.sectionOptional')}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>
                    {s.done}/{s.total}
                  </Typography.Text>
                )}
              </Flex>
              {state !== 'optional' && (
                <Progress
                  percent={pct}
                  showInfo={false}
                  size="small"
                  status={complete ? 'success' : 'normal'}
                  style={{ margin: 0 }}
                  aria-label={t('ddEditor.sectionProgress', { done: s.done, total: s.total })}
                />
              )}
            </button>
          );
        })}
      </Flex>
    </nav>
  );
}
