// The row above a grid page: search box and filters on the left, the row count and the page's own
// buttons on the right. The filters are the service's (the grids page on its side), not the grid's.
import { SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSearchBox } from './useSearchBox';

export function GridToolbar({ filters, status }: { filters: ReactNode; status: ReactNode }) {
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      {filters}
      <div style={{ flex: 1 }} />
      {status}
    </Flex>
  );
}

interface SearchProps<F extends { q: string }> {
  filters: F;
  onChange(next: F): void;
  /** ArrowDown / Enter in the box moves into the grid, so the keyboard never has to leave. */
  onEnterGrid(): void;
  /** Placeholder and accessible name. */
  label: string;
  width: number;
  testId: string;
  autoFocus?: boolean;
}

export function GridSearchBox<F extends { q: string }>({ filters, onChange, onEnterGrid, label, width, testId, autoFocus }: SearchProps<F>) {
  const { text, setText, onSearchKey } = useSearchBox(filters, onChange, onEnterGrid);
  return (
    <Input
      allowClear
      autoFocus={autoFocus}
      prefix={<SearchOutlined />}
      placeholder={label}
      aria-label={label}
      value={text}
      maxLength={64}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onSearchKey}
      style={{ width }}
      data-testid={testId}
    />
  );
}

interface MultiFilterProps<V extends string> {
  /** Placeholder and accessible name. */
  label: string;
  value: V[];
  onChange(next: V[]): void;
  options: { value: V; label: string }[];
  width: number;
  testId: string;
  /** Typing finds options by their label (long lists); otherwise the box only picks. */
  searchByLabel?: boolean;
}

/** A pick-several filter: empty means "all". */
export function MultiFilter<V extends string>({ label, value, onChange, options, width, testId, searchByLabel }: MultiFilterProps<V>) {
  return (
    <Select<V[]>
      mode="multiple"
      allowClear
      {...(searchByLabel ? { showSearch: { optionFilterProp: 'label' } } : {})}
      maxTagCount="responsive"
      style={{ width }}
      placeholder={label}
      aria-label={label}
      value={value}
      onChange={onChange}
      options={options}
      data-testid={testId}
    />
  );
}

/** The number of rows the filters match; '…' while the count is on its way. */
export function GridTotal({ total, testId, format }: { total: number | null; testId: string; format(n: number): string }) {
  return (
    <Typography.Text strong data-testid={testId} data-total={total ?? ''}>
      {total === null ? '…' : format(total)}
    </Typography.Text>
  );
}
