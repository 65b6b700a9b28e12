// The frame of a print view (a letter, a memo): rendered without the app's frame, with a back and a
// print button above an A4 sheet, so "print" and "save as PDF" give just the document. data-ready
// tells tests (and the PDF export) when the document is complete.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorText } from '../api/transport';
import './printSheet.css';

interface PrintViewProps {
  testId: string;
  /** The document's own class: its type and the sheet padding matching its @page margins. */
  sheetClassName: string;
  back: ReactNode;
  printLabel: string;
  printTestId: string;
  /** Extra attributes on the page (e.g. data-kind). */
  attrs?: Record<`data-${string}`, string>;
  children: ReactNode;
}

export function PrintView({ testId, sheetClassName, back, printLabel, printTestId, attrs, children }: PrintViewProps) {
  return (
    <div className="print-page" data-testid={testId} data-ready="1" {...attrs}>
      <div className="print-toolbar print-noprint">
        {back}
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={printTestId}>
          {printLabel}
        </Button>
      </div>
      <article className={`print-sheet ${sheetClassName}`}>{children}</article>
    </div>
  );
}

/** The print view while its data loads, or why it could not. */
export function PrintViewLoading({ testId, error, errorTitle, back }: { testId: string; error: string | null; errorTitle: string; back: ReactNode }) {
  return (
    <div className="print-page" data-testid={testId} data-ready="0">
      {error ? <Result status="error" title={errorTitle} subTitle={error} extra={back} /> : <Spin style={{ display: 'block', marginTop: 80 }} />}
    </div>
  );
}

/** The document title names the saved PDF file in the browser's print dialog; null leaves it alone. */
export function usePrintTitle(title: string | null) {
  useEffect(() => {
    if (title === null) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}

/** Loads the document's data once per key; an answer for a page already left is dropped. */
export function useDocumentData<T>(load: () => Promise<T>, key: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    loadRef
      .current()
      .then((d) => live && setData(d))
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [key]);
  return { data, error };
}
