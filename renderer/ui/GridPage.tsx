// The frame of a page that is one big grid: title, toolbar, the load error if any, the grid taking
// the rest of the height, and a line of keyboard hints under it.
import { Alert, Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  toolbar: ReactNode;
  /** The load failure, already worded; nothing when the last load worked. */
  error: ReactNode;
  gridTestId: string;
  /** Extra attributes on the grid's box (e.g. data-loaded for tests to wait on). */
  gridAttrs?: Record<`data-${string}`, string>;
  hint: ReactNode;
  children: ReactNode;
}

export function GridPage({ title, toolbar, error, gridTestId, gridAttrs, hint, children }: Props) {
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {title}
      </Typography.Title>
      {toolbar}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <div style={{ flex: 1, minHeight: 360 }} data-testid={gridTestId} {...gridAttrs}>
        {children}
      </div>
      <Typography.Text type="secondary" style={{ marginTop: 6, fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </>
  );
}
